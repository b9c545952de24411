// Routes of the surveys feature: back office (forms, campaigns, tracking, review, results, exports),
// interviewer sync, and the public endpoints of the QR, web and kiosk channels.
import { z } from 'zod';
import { AppError } from '../../errors';
import { Public, can, canSomewhere, route } from '../../http/route';
import { Permission } from '../identity/permissions';
import * as exportsSvc from './surveys.exports';
import './surveys.feed';
import {
  CampaignDetail,
  CampaignInput,
  CampaignSummary,
  FormDetail,
  FormSummary,
  IdParam,
  PublicSubmission,
  StaffResponse,
  SubmissionResult,
  SyncBody,
  SyncResult,
} from './surveys.schemas';
import * as service from './surveys.service';

const tag = 'surveys';
const yes = z.enum(['1', '0']).optional();

function baseUrl(req: { protocol: string; headers: Record<string, string | string[] | undefined> }) {
  const host = typeof req.headers.host === 'string' ? req.headers.host : 'localhost';
  return `${req.protocol}://${host}`;
}

export const surveysRoutes = [
  // ---- forms
  route({
    method: 'GET', url: '/api/surveys/forms', summary: 'Danh sách phiếu khảo sát (phiên bản mới nhất)', tag,
    access: canSomewhere(Permission.SurveysRead), response: z.array(FormSummary),
    handler: async ({ ctx, actor }) => service.listForms(ctx.db, actor!),
  }),
  route({
    method: 'GET', url: '/api/surveys/forms/:id', summary: 'Một phiên bản phiếu khảo sát', tag,
    access: canSomewhere(Permission.SurveysRead), params: IdParam, response: FormDetail,
    handler: async ({ ctx, actor, params }) => service.getForm(ctx.db, actor, params.id),
  }),
  route({
    method: 'GET', url: '/api/surveys/forms/:id/export', summary: 'Xuất phiếu khảo sát (JSON theo formats.md)', tag,
    access: canSomewhere(Permission.SurveysRead), params: IdParam, produces: 'application/json',
    handler: async ({ ctx, actor, params, reply }) => {
      const f = await service.getForm(ctx.db, actor, params.id);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${f.code}-v${f.version}.json"`)
        .send(JSON.stringify(f.definition, null, 2));
    },
  }),
  route({
    method: 'POST', url: '/api/surveys/forms', summary: 'Lưu phiếu khảo sát thành phiên bản mới (trình tạo phiếu hoặc nhập JSON)', tag,
    access: can(Permission.SurveysManage), body: z.unknown(), status: 201,
    response: z.object({ id: z.number(), code: z.string(), version: z.number() }),
    handler: async ({ ctx, actor, body, reply }) => {
      reply.status(201);
      return service.saveForm(ctx.db, actor, body);
    },
  }),
  // ---- campaigns
  route({
    method: 'GET', url: '/api/surveys/campaigns', summary: 'Danh sách đợt khảo sát', tag,
    access: canSomewhere(Permission.SurveysRead), response: z.array(CampaignSummary),
    handler: async ({ ctx, actor }) => service.listCampaigns(ctx.db, actor!),
  }),
  route({
    method: 'POST', url: '/api/surveys/campaigns', summary: 'Tạo đợt khảo sát: phiếu, đơn vị, thời gian, kênh, chỉ tiêu', tag,
    access: can(Permission.SurveysManage), body: CampaignInput, status: 201, response: z.object({ id: z.number() }),
    handler: async ({ ctx, actor, body, reply }) => {
      reply.status(201);
      return service.createCampaign(ctx.db, actor, body);
    },
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id', summary: 'Một đợt khảo sát', tag,
    access: canSomewhere(Permission.SurveysRead), params: IdParam, response: CampaignDetail,
    handler: async ({ ctx, actor, params }) => service.getCampaign(ctx.db, actor!, params.id),
  }),
  route({
    method: 'PATCH', url: '/api/surveys/campaigns/:id/status', summary: 'Mở, tạm dừng hoặc kết thúc đợt khảo sát', tag,
    access: can(Permission.SurveysManage), params: IdParam, body: z.strictObject({ status: z.enum(['draft', 'open', 'closed']) }),
    response: z.object({ status: z.string() }),
    handler: async ({ ctx, actor, params, body }) => service.setCampaignStatus(ctx.db, actor!, params.id, body.status),
  }),
  route({
    method: 'PUT', url: '/api/surveys/campaigns/:id/targets', summary: 'Chỉ tiêu số phiếu và quy mô tổng thể theo đơn vị', tag,
    access: can(Permission.SurveysManage), params: IdParam,
    body: z.strictObject({ units: z.array(z.strictObject({ unitCode: z.string().min(1).max(64), target: z.number().int().min(0), population: z.number().int().positive().nullable().optional() })).max(2000) }),
    response: z.object({ updated: z.number() }),
    handler: async ({ ctx, actor, params, body }) => service.setTargets(ctx.db, actor!, params.id, body.units),
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id/plan', summary: 'Cỡ mẫu theo đơn vị: n = ⌈N ÷ (1 + N·e²)⌉', tag,
    access: canSomewhere(Permission.SurveysRead), params: IdParam, query: z.strictObject({ margin: z.coerce.number().gt(0).lt(1).optional() }),
    handler: async ({ ctx, actor, params, query }) => service.samplePlan(ctx.db, actor!, params.id, query.margin),
  }),
  route({
    method: 'POST', url: '/api/surveys/campaigns/:id/tokens', summary: 'Mã khảo sát dùng một lần cho phiếu hẹn của từng hồ sơ', tag,
    access: can(Permission.SurveysManage), params: IdParam,
    body: z.strictObject({ unitCode: z.string().min(1).max(64), dossierCodes: z.array(z.string().trim().min(1).max(64)).min(1).max(1000) }),
    response: z.array(z.object({ dossierCode: z.string(), token: z.string() })),
    handler: async ({ ctx, actor, params, body }) => service.issueTokens(ctx.db, actor, params.id, body.unitCode, body.dossierCodes),
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id/progress', summary: 'Tiến độ thu phiếu so với chỉ tiêu, theo đơn vị và kênh', tag,
    access: canSomewhere(Permission.SurveysRead), params: IdParam,
    handler: async ({ ctx, actor, params }) => service.progress(ctx.db, actor!, params.id),
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id/results', summary: 'Chỉ số hài lòng theo đơn vị, yếu tố và chung, với n và khoảng tin cậy Wilson 95 %', tag,
    access: canSomewhere(Permission.SurveysRead), params: IdParam,
    handler: async ({ ctx, actor, params }) => service.results(ctx.db, actor!, params.id),
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id/review', summary: 'Phiếu bị gắn cờ chờ xét duyệt', tag,
    access: can(Permission.SurveysManage), params: IdParam, query: z.strictObject({ status: z.enum(['pending', 'accepted', 'rejected']).default('pending') }),
    handler: async ({ ctx, actor, params, query }) => service.reviewQueue(ctx.db, actor!, params.id, query.status),
  }),
  route({
    method: 'POST', url: '/api/surveys/responses/:id/review', summary: 'Chấp nhận hoặc loại một phiếu bị gắn cờ', tag,
    access: can(Permission.SurveysManage), params: IdParam, body: z.strictObject({ decision: z.enum(['accepted', 'rejected']) }),
    response: z.object({ id: z.number(), review: z.string() }),
    handler: async ({ ctx, actor, params, body }) => service.reviewResponse(ctx.db, actor!, params.id, body.decision),
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id/qr.pdf', summary: 'Tờ in mã QR đặt tại quầy (PDF)', tag,
    access: can(Permission.SurveysManage), params: IdParam, produces: 'application/pdf',
    handler: async ({ ctx, actor, params, req, reply }) => {
      const c = await service.getCampaign(ctx.db, actor!, params.id);
      const pdf = await exportsSvc.qrSheetPdf(c, c.unitList, baseUrl(req));
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="qr-${c.code}.pdf"`).send(pdf);
    },
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id/responses.csv', summary: 'Xuất phiếu trả lời (responses.csv, cột ổn định qua các phiên bản phiếu)', tag,
    access: can(Permission.SurveysManage), params: IdParam, query: z.strictObject({ all: yes }), produces: 'text/csv',
    handler: async ({ ctx, actor, params, query, reply }) => {
      const c = await service.getCampaign(ctx.db, actor!, params.id);
      const csv = await exportsSvc.responsesCsv(ctx.db, c.id, c.formCode, query.all === '1');
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="responses-${c.code}.csv"`).send(csv);
    },
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id/responses.xlsx', summary: 'Xuất phiếu trả lời (Excel)', tag,
    access: can(Permission.SurveysManage), params: IdParam, query: z.strictObject({ all: yes }),
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    handler: async ({ ctx, actor, params, query, reply }) => {
      const c = await service.getCampaign(ctx.db, actor!, params.id);
      const buf = await exportsSvc.responsesXlsx(ctx.db, c.id, c.formCode, query.all === '1');
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="responses-${c.code}.xlsx"`)
        .send(buf);
    },
  }),
  route({
    method: 'GET', url: '/api/surveys/campaigns/:id/results.xlsx', summary: 'Xuất kết quả chỉ số (Excel)', tag,
    access: canSomewhere(Permission.SurveysRead), params: IdParam,
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    handler: async ({ ctx, actor, params, reply }) => {
      const r = await service.results(ctx.db, actor!, params.id);
      const buf = await exportsSvc.resultsXlsx(r);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="results-${r.campaign.code}.xlsx"`)
        .send(buf);
    },
  }),
  // ---- staff channels
  route({
    method: 'POST', url: '/api/surveys/paper', summary: 'Nhập phiếu giấy (cán bộ)', tag,
    access: canSomewhere(Permission.SurveysManage), body: StaffResponse, response: SubmissionResult,
    handler: async ({ ctx, actor, body }) => service.enterPaper(ctx.db, actor!, body),
  }),
  route({
    method: 'GET', url: '/api/surveys/interviewer/bundle', summary: 'Đợt khảo sát, phiếu và đơn vị để điều tra viên làm việc ngoại tuyến', tag,
    access: canSomewhere(Permission.SurveysInterview),
    handler: async ({ ctx, actor }) => service.interviewerBundle(ctx.db, actor!),
  }),
  route({
    method: 'POST', url: '/api/surveys/interviewer/sync', summary: 'Đồng bộ phiếu điều tra viên (lặp lại an toàn: mã phiếu do thiết bị tạo)', tag,
    access: canSomewhere(Permission.SurveysInterview), body: SyncBody, response: SyncResult,
    handler: async ({ ctx, actor, body }) => service.syncInterviews(ctx.db, actor!, body),
  }),
  // ---- public channels (no login)
  route({
    method: 'GET', url: '/api/public/surveys/c/:code', summary: 'Phiếu khảo sát công khai của một đợt (web, QR tại quầy, kiosk)', tag,
    access: Public, params: z.strictObject({ code: z.string().min(1).max(64) }),
    handler: async ({ ctx, params }) => service.publicCampaign(ctx.db, params.code),
  }),
  route({
    method: 'GET', url: '/api/public/surveys/t/:token', summary: 'Phiếu khảo sát theo mã in trên phiếu hẹn của hồ sơ', tag,
    access: Public, params: z.strictObject({ token: z.string().min(4).max(64) }),
    handler: async ({ ctx, params }) => service.publicToken(ctx.db, params.token),
  }),
  route({
    method: 'POST', url: '/api/public/surveys/responses', summary: 'Gửi phiếu trả lời (công khai, ẩn danh)', tag,
    access: Public, body: PublicSubmission, response: SubmissionResult,
    handler: async ({ ctx, body, req }) => {
      if (!body.token && !body.unit) throw new AppError('validation', 'Vui lòng chọn đơn vị được đánh giá');
      return service.submitPublic(ctx.db, body, req.ip);
    },
  }),
];
