import { z } from 'zod';
import { AppError } from '../../errors';
import { can, canSomewhere, route } from '../../http/route';
import { IdParams } from '../identity/identity.schemas';
import { Permission } from '../identity/permissions';
import { presentFramework } from './frameworks.presenter';
import { CloneBody, FrameworkDetail, FrameworkListQuery, FrameworkSummary, UpdateBody } from './frameworks.schemas';
import * as service from './frameworks.service';

export const frameworksRoutes = [
  route({
    method: 'GET',
    url: '/api/frameworks',
    summary: 'Danh sách bộ chỉ số (theo năm, nhóm đơn vị)',
    tag: 'frameworks',
    access: canSomewhere(Permission.FrameworksRead),
    query: FrameworkListQuery,
    response: z.array(FrameworkSummary),
    handler: async ({ ctx, actor, query }) => (await service.listFrameworks(ctx.db, actor!, query)).map(presentFramework),
  }),
  route({
    method: 'GET',
    url: '/api/frameworks/:id',
    summary: 'Một bộ chỉ số với cây tiêu chí',
    tag: 'frameworks',
    access: canSomewhere(Permission.FrameworksRead),
    params: IdParams,
    response: FrameworkDetail,
    handler: async ({ ctx, actor, params }) => {
      const row = await service.getFramework(ctx.db, actor!, params.id);
      return { ...presentFramework(row), framework: row.tree as Record<string, unknown> };
    },
  }),
  route({
    method: 'POST',
    url: '/api/frameworks/import',
    summary: 'Nhập bộ chỉ số từ JSON hoặc Excel (bản nháp; lỗi thì không ghi gì)',
    tag: 'frameworks',
    access: can(Permission.FrameworksManage),
    upload: true,
    status: 201,
    response: FrameworkSummary,
    handler: async ({ ctx, actor, req, reply }) => {
      const file = await req.file();
      if (!file) throw new AppError('validation', 'Thiếu tệp (trường "file")');
      const id = await service.importFramework(ctx.db, actor!, await file.toBuffer());
      reply.status(201);
      return presentFramework(await service.getFramework(ctx.db, actor!, id));
    },
  }),
  route({
    method: 'PUT',
    url: '/api/frameworks/:id',
    summary: 'Sửa cây tiêu chí của bản nháp',
    tag: 'frameworks',
    access: can(Permission.FrameworksManage),
    params: IdParams,
    body: UpdateBody,
    response: FrameworkSummary,
    handler: async ({ ctx, actor, params, body }) => {
      await service.updateFramework(ctx.db, actor!, params.id, body.framework);
      return presentFramework(await service.getFramework(ctx.db, actor!, params.id));
    },
  }),
  route({
    method: 'POST',
    url: '/api/frameworks/:id/clone',
    summary: 'Nhân bản bộ chỉ số sang năm mới (bản nháp)',
    tag: 'frameworks',
    access: can(Permission.FrameworksManage),
    params: IdParams,
    body: CloneBody,
    status: 201,
    response: FrameworkSummary,
    handler: async ({ ctx, actor, params, body, reply }) => {
      const id = await service.cloneFramework(ctx.db, actor!, params.id, body);
      reply.status(201);
      return presentFramework(await service.getFramework(ctx.db, actor!, id));
    },
  }),
  route({
    method: 'POST',
    url: '/api/frameworks/:id/publish',
    summary: 'Ban hành bộ chỉ số (từ đây có thể dùng cho kỳ đánh giá)',
    tag: 'frameworks',
    access: can(Permission.FrameworksManage),
    params: IdParams,
    response: FrameworkSummary,
    handler: async ({ ctx, actor, params }) => {
      await service.setStatus(ctx.db, actor!, params.id, 'published');
      return presentFramework(await service.getFramework(ctx.db, actor!, params.id));
    },
  }),
  route({
    method: 'POST',
    url: '/api/frameworks/:id/unpublish',
    summary: 'Đưa bộ chỉ số về bản nháp (chỉ khi chưa kỳ nào dùng)',
    tag: 'frameworks',
    access: can(Permission.FrameworksManage),
    params: IdParams,
    response: FrameworkSummary,
    handler: async ({ ctx, actor, params }) => {
      await service.setStatus(ctx.db, actor!, params.id, 'draft');
      return presentFramework(await service.getFramework(ctx.db, actor!, params.id));
    },
  }),
  route({
    method: 'GET',
    url: '/api/frameworks/:id/export.json',
    summary: 'Xuất bộ chỉ số (JSON)',
    tag: 'frameworks',
    access: canSomewhere(Permission.FrameworksRead),
    params: IdParams,
    produces: 'application/json',
    handler: async ({ ctx, actor, params, reply }) => {
      const out = await service.exportFramework(ctx.db, actor!, params.id, 'json');
      reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${out.code}.json"`);
      return reply.send(out.body);
    },
  }),
  route({
    method: 'GET',
    url: '/api/frameworks/:id/export.xlsx',
    summary: 'Xuất bộ chỉ số (Excel)',
    tag: 'frameworks',
    access: canSomewhere(Permission.FrameworksRead),
    params: IdParams,
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    handler: async ({ ctx, actor, params, reply }) => {
      const out = await service.exportFramework(ctx.db, actor!, params.id, 'xlsx');
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${out.code}.xlsx"`);
      return reply.send(out.body);
    },
  }),
];
