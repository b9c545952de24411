import { z } from 'zod';
import { AppError } from '../../errors';
import { can, canSomewhere, route } from '../../http/route';
import { IdParams } from '../identity/identity.schemas';
import { Permission } from '../identity/permissions';
import { presentUnit } from './units.presenter';
import { ImportResult, Unit, UnitHistory } from './units.schemas';
import * as service from './units.service';

export const unitsRoutes = [
  route({
    method: 'GET',
    url: '/api/units',
    summary: 'Danh sách đơn vị người dùng được xem',
    tag: 'units',
    access: canSomewhere(Permission.UnitsRead),
    query: z.strictObject({ group: z.string().max(32).optional(), current: z.enum(['1', '0']).optional() }),
    response: z.array(Unit),
    handler: async ({ ctx, actor, query }) => {
      const today = service.todayInVietnam();
      return (await service.listUnits(ctx.db, actor!))
        .filter((u) => !query.group || u.group_code === query.group)
        .filter((u) => query.current !== '1' || ((u.valid_from === null || u.valid_from <= today) && (u.valid_to === null || u.valid_to >= today)))
        .map(presentUnit);
    },
  }),
  route({
    method: 'GET',
    url: '/api/units/:id',
    summary: 'Một đơn vị',
    tag: 'units',
    access: can(Permission.UnitsRead, { from: 'params', key: 'id' }),
    params: IdParams,
    response: Unit,
    handler: async ({ ctx, actor, params }) => presentUnit(await service.getUnit(ctx.db, actor!, params.id)),
  }),
  route({
    method: 'GET',
    url: '/api/units/:id/history',
    summary: 'Lịch sử sáp nhập, chia tách của đơn vị',
    tag: 'units',
    access: can(Permission.UnitsRead, { from: 'params', key: 'id' }),
    params: IdParams,
    response: UnitHistory,
    handler: async ({ ctx, actor, params }) => service.unitHistory(ctx.db, actor!, params.id),
  }),
  route({
    method: 'GET',
    url: '/api/units-map',
    summary: 'Ánh xạ một đơn vị sang các đơn vị tương ứng tại một ngày',
    tag: 'units',
    access: can(Permission.UnitsRead),
    query: z.strictObject({ code: z.string().min(1).max(64), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'định dạng YYYY-MM-DD') }),
    response: z.array(z.object({ code: z.string(), name: z.string() })),
    handler: async ({ ctx, actor, query }) => service.mapUnit(ctx.db, actor!, query.code, query.date),
  }),
  route({
    method: 'POST',
    url: '/api/units/import',
    summary: 'Nhập danh mục đơn vị từ units.csv / .xlsx (toàn bộ hoặc không gì cả)',
    tag: 'units',
    access: can(Permission.UnitsManage),
    upload: true,
    response: ImportResult,
    handler: async ({ ctx, actor, req }) => {
      const file = await req.file();
      if (!file) throw new AppError('validation', 'Thiếu tệp (trường "file")');
      const buf = await file.toBuffer();
      return service.importUnits(ctx.db, actor, buf);
    },
  }),
  route({
    method: 'GET',
    url: '/api/units/export.csv',
    summary: 'Xuất danh mục đơn vị (units.csv)',
    tag: 'units',
    access: can(Permission.UnitsManage),
    produces: 'text/csv',
    handler: async ({ ctx, reply }) => {
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="units.csv"');
      return reply.send(await service.exportUnitsCsv(ctx.db));
    },
  }),
];
