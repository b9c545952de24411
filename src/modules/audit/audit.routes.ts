import { z } from 'zod';
import { can, route } from '../../http/route';
import { Permission } from '../identity/permissions';
import { listAudit } from './audit.repository';

export const auditRoutes = [
  route({
    method: 'GET',
    url: '/api/audit',
    summary: 'Nhật ký thay đổi (chỉ thêm, không sửa xóa)',
    tag: 'audit',
    access: can(Permission.AuditRead),
    query: z.strictObject({
      entity: z.string().max(64).optional(),
      entityId: z.string().max(64).optional(),
      unitId: z.coerce.number().int().positive().optional(),
      beforeId: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: z.array(
      z.object({
        id: z.number(),
        at: z.string(),
        actor: z.string().nullable(),
        action: z.string(),
        entity: z.string(),
        entityId: z.string().nullable(),
        unitId: z.number().nullable(),
        before: z.unknown(),
        after: z.unknown(),
        ip: z.string().nullable(),
      }),
    ),
    handler: async ({ ctx, query }) =>
      (await listAudit(ctx.db, query)).map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actor: r.actor_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        unitId: r.unit_id,
        before: r.before,
        after: r.after,
        ip: r.ip,
      })),
  }),
];
