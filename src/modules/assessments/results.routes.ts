// Results, simulations and spreadsheets of a cycle.
import { z } from 'zod';
import { AppError } from '../../errors';
import { Public, can, canSomewhere, route } from '../../http/route';
import { resultsToCsv } from '../../cli/commands/results';
import { Permission } from '../identity/permissions';
import { CycleParams, GapQuery, ResultsCsvQuery, ScoresExportQuery, UnitParams, WhatIfBody } from './assessments.schemas';
import * as publicResults from './public-results.service';
import * as results from './results.service';
import * as io from './scores-io.service';
import { scoringSheet } from './scoring-sheet';

const unitInPath = { from: 'params' as const, key: 'unitId' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const resultsRoutes = [
  route({
    method: 'GET',
    url: '/api/public/results',
    summary: 'Các kỳ đánh giá đã công bố (trang công khai)',
    tag: 'public',
    access: Public,
    handler: async ({ ctx }) => publicResults.listPublishedCycles(ctx),
  }),
  route({
    method: 'GET',
    url: '/api/public/results/:id',
    summary: 'Kết quả đã công bố của một kỳ: điểm, tỷ lệ, xếp loại, xếp hạng, theo lĩnh vực (trang công khai)',
    tag: 'public',
    access: Public,
    params: CycleParams,
    handler: async ({ ctx, params }) => publicResults.publishedResults(ctx, params.id),
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id/results',
    summary: 'Kết quả: điểm, tỷ lệ, xếp loại, xếp hạng theo nhóm và theo lĩnh vực, so với năm trước, lĩnh vực yếu',
    tag: 'results',
    access: canSomewhere(Permission.ResultsRead),
    params: CycleParams,
    handler: async ({ ctx, actor, params }) => results.cycleResults(ctx, actor!, params.id),
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id/results.csv',
    summary: 'Kết quả một nhóm đơn vị (định dạng chiso results)',
    tag: 'results',
    access: canSomewhere(Permission.ResultsRead),
    params: CycleParams,
    query: ResultsCsvQuery,
    produces: 'text/csv',
    handler: async ({ ctx, actor, params, query, reply }) => {
      const g = await results.groupResultsForCsv(ctx, actor!, params.id, query.group);
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="results-${g.year}-${query.group}.csv"`);
      return reply.send(resultsToCsv(g.framework, g.rows));
    },
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id/results/units/:unitId',
    summary: 'Kết quả một đơn vị với từng tiêu chí: điểm các vòng, chênh lệch tự chấm – cuối cùng, nguồn dữ liệu',
    tag: 'results',
    access: can(Permission.ResultsRead, unitInPath),
    params: UnitParams,
    handler: async ({ ctx, actor, params }) => results.unitResult(ctx, actor!, params.id, params.unitId),
  }),
  route({
    method: 'POST',
    url: '/api/cycles/:id/units/:unitId/what-if',
    summary: 'Mô phỏng: điểm, tỷ lệ và thứ hạng nếu một số tiêu chí được chấm khác (không ghi gì)',
    tag: 'results',
    access: can(Permission.ResultsRead, unitInPath),
    params: UnitParams,
    body: WhatIfBody,
    handler: async ({ ctx, actor, params, body }) => results.simulate(ctx, actor!, params.id, params.unitId, body.changes),
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id/units/:unitId/gap-to-target',
    summary: 'Còn thiếu bao nhiêu điểm để đạt tỷ lệ mục tiêu, và ở những tiêu chí nào',
    tag: 'results',
    access: can(Permission.ResultsRead, unitInPath),
    params: UnitParams,
    query: GapQuery,
    handler: async ({ ctx, actor, params, query }) => results.gapTo(ctx, actor!, params.id, params.unitId, query.target),
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id/units/:unitId/sheet.xlsx',
    summary: 'Bảng điểm của đơn vị (Excel, có tiêu đề hành chính)',
    tag: 'results',
    access: can(Permission.AssessmentRead, unitInPath),
    params: UnitParams,
    produces: XLSX,
    handler: async ({ ctx, actor, params, reply }) => {
      const out = await scoringSheet(ctx, actor!, params.id, params.unitId);
      reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${out.name}"`);
      return reply.send(out.body);
    },
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id/scores/export',
    summary: 'Xuất điểm (scores.csv hoặc .xlsx)',
    tag: 'results',
    access: can(Permission.CyclesManage),
    params: CycleParams,
    query: ScoresExportQuery,
    produces: 'text/csv',
    handler: async ({ ctx, actor, params, query, reply }) => {
      const out = await io.exportScores(ctx, actor!, params.id, query.format);
      reply.header('content-type', out.mime).header('content-disposition', `attachment; filename="${out.name}"`);
      return reply.send(out.body);
    },
  }),
  route({
    method: 'POST',
    url: '/api/cycles/:id/scores/import',
    summary: 'Nhập điểm thẩm định / cuối cùng từ scores.csv hoặc .xlsx (toàn bộ hoặc không gì cả)',
    tag: 'results',
    access: can(Permission.CyclesManage),
    params: CycleParams,
    upload: true,
    response: z.object({ rows: z.number() }),
    handler: async ({ ctx, actor, params, req }) => {
      const file = await req.file();
      if (!file) throw new AppError('validation', 'Thiếu tệp (trường "file")');
      return io.importScores(ctx, actor!, params.id, await file.toBuffer());
    },
  }),
];
