// Cycles, self-assessment, evidence, appraisal, explanation, second review and the council's lock.
import { z } from 'zod';
import { AppError } from '../../errors';
import { can, canSomewhere, route } from '../../http/route';
import { Permission } from '../identity/permissions';
import * as appraisal from './appraisal.service';
import {
  AdvanceBody,
  AppraiseBody,
  CreateCycleBody,
  Cycle,
  CycleDetail,
  CycleParams,
  ExplainBody,
  FileOut,
  LeafParams,
  Progress,
  ReviewBody,
  SelfBody,
  StageOut,
  UnitParams,
  UpdateCycleBody,
} from './assessments.schemas';
import * as cycles from './cycles.service';
import * as evidence from './evidence.service';
import * as self from './self-assessment.service';

const unitInPath = { from: 'params' as const, key: 'unitId' };

function evidenceUploadRoute(prefix: string, stage: evidence.FileStage, permission: Permission, summary: string) {
  return route({
    method: 'POST',
    url: `/api/cycles/:id/units/:unitId/leaves/:itemCode${prefix}/files`,
    summary,
    tag: 'assessments',
    access: can(permission, unitInPath),
    params: LeafParams,
    upload: true,
    status: 201,
    response: FileOut,
    handler: async ({ ctx, actor, params, req, reply }) => {
      // preservePath: busboy would cut "../../x.pdf" down to "x.pdf"; the name must reach checkFileName as sent
      const file = await req.file({ preservePath: true });
      if (!file) throw new AppError('validation', 'Thiếu tệp (trường "file")');
      const bytes = await file.toBuffer();
      const out = await evidence.uploadEvidence(ctx, actor!, { cycleId: params.id, unitId: params.unitId, itemCode: params.itemCode, stage, fileName: file.filename, bytes });
      reply.status(201);
      return out;
    },
  });
}
const FileParams = z.strictObject({ fileId: z.coerce.number().int().positive('phải là số nguyên dương') });

export const cycleRoutes = [
  route({
    method: 'GET',
    url: '/api/cycles',
    summary: 'Danh sách kỳ đánh giá',
    tag: 'assessments',
    access: canSomewhere(Permission.ResultsRead),
    response: z.array(Cycle),
    handler: async ({ ctx, actor }) => (await cycles.listCycles(ctx.db, actor!)).map(cycles.presentCycleRow),
  }),
  route({
    method: 'POST',
    url: '/api/cycles',
    summary: 'Tạo kỳ đánh giá (bản nháp): năm, bộ chỉ số theo nhóm đơn vị, đơn vị, mốc thời gian',
    tag: 'assessments',
    access: can(Permission.CyclesManage),
    body: CreateCycleBody,
    status: 201,
    response: CycleDetail,
    handler: async ({ ctx, actor, body, reply }) => {
      const id = await cycles.createCycle(ctx, actor!, body);
      reply.status(201);
      return cycles.getCycle(ctx.db, actor!, id);
    },
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id',
    summary: 'Một kỳ đánh giá',
    tag: 'assessments',
    access: canSomewhere(Permission.ResultsRead),
    params: CycleParams,
    response: CycleDetail,
    handler: async ({ ctx, actor, params }) => cycles.getCycle(ctx.db, actor!, params.id),
  }),
  route({
    method: 'PATCH',
    url: '/api/cycles/:id',
    summary: 'Sửa tên, mốc thời gian, quyền bổ sung tài liệu khi giải trình (đến khi khóa)',
    tag: 'assessments',
    access: can(Permission.CyclesManage),
    params: CycleParams,
    body: UpdateCycleBody,
    response: CycleDetail,
    handler: async ({ ctx, actor, params, body }) => {
      await cycles.updateCycle(ctx, actor!, params.id, body);
      return cycles.getCycle(ctx.db, actor!, params.id);
    },
  }),
  route({
    method: 'POST',
    url: '/api/cycles/:id/advance',
    summary: 'Chuyển giai đoạn: mở tự đánh giá, thẩm định, công bố kết quả thẩm định (giải trình), thẩm định lại, công bố',
    tag: 'assessments',
    access: can(Permission.CyclesManage),
    params: CycleParams,
    body: AdvanceBody,
    response: CycleDetail,
    handler: async ({ ctx, actor, params, body }) => {
      await cycles.advance(ctx, actor!, params.id, body.to);
      return cycles.getCycle(ctx.db, actor!, params.id);
    },
  }),
  route({
    method: 'POST',
    url: '/api/cycles/:id/finalize',
    summary: 'Hội đồng chốt kết quả và khóa kỳ đánh giá',
    tag: 'assessments',
    access: can(Permission.AssessmentFinalize),
    params: CycleParams,
    response: CycleDetail,
    handler: async ({ ctx, actor, params }) => {
      await cycles.finalize(ctx, actor!, params.id);
      return cycles.getCycle(ctx.db, actor!, params.id);
    },
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id/progress',
    summary: 'Tiến độ tự đánh giá từng đơn vị (số tiêu chí đã khai / tổng)',
    tag: 'assessments',
    access: canSomewhere(Permission.AssessmentRead),
    params: CycleParams,
    response: Progress,
    handler: async ({ ctx, actor, params }) => self.progress(ctx.db, actor!, params.id),
  }),
  route({
    method: 'GET',
    url: '/api/cycles/:id/appraisal-queue',
    summary: 'Hàng đợi thẩm định: các đơn vị đã nộp',
    tag: 'assessments',
    access: can(Permission.AssessmentAppraise),
    params: CycleParams,
    response: z.array(z.object({ unitId: z.number(), unitCode: z.string(), unitName: z.string(), group: z.string(), submittedAt: z.string().nullable(), reviewed: z.number(), total: z.number() })),
    handler: async ({ ctx, actor, params }) => appraisal.queue(ctx.db, actor!, params.id),
  }),
];

export const assessmentRoutes = [
  route({
    method: 'GET',
    url: '/api/cycles/:id/units/:unitId/assessment',
    summary: 'Hồ sơ đánh giá của một đơn vị: cây tiêu chí, số liệu, điểm các vòng, tệp, tiến độ',
    tag: 'assessments',
    access: can(Permission.AssessmentRead, unitInPath),
    params: UnitParams,
    handler: async ({ ctx, actor, params }) => self.getAssessment(ctx, actor!, params.id, params.unitId),
  }),
  route({
    method: 'PUT',
    url: '/api/cycles/:id/units/:unitId/leaves/:itemCode/self',
    summary: 'Tự chấm một tiêu chí (tự động lưu): số liệu, điểm (chỉ tiêu chí thủ công), không áp dụng, giải trình',
    tag: 'assessments',
    access: can(Permission.AssessmentEdit, unitInPath),
    params: LeafParams,
    body: SelfBody,
    response: StageOut,
    handler: async ({ ctx, actor, params, body }) => self.saveSelf(ctx, actor!, params.id, params.unitId, params.itemCode, body),
  }),
  route({
    method: 'POST',
    url: '/api/cycles/:id/units/:unitId/submit',
    summary: 'Thủ trưởng nộp hồ sơ tự đánh giá',
    tag: 'assessments',
    access: can(Permission.AssessmentSubmit, unitInPath),
    params: UnitParams,
    response: z.object({ status: z.string(), submittedAt: z.string().nullable() }),
    handler: async ({ ctx, actor, params }) => self.submit(ctx, actor!, params.id, params.unitId),
  }),
  route({
    method: 'POST',
    url: '/api/cycles/:id/units/:unitId/withdraw',
    summary: 'Rút hồ sơ đã nộp để sửa (trước hạn)',
    tag: 'assessments',
    access: can(Permission.AssessmentSubmit, unitInPath),
    params: UnitParams,
    response: z.object({ status: z.string(), submittedAt: z.string().nullable() }),
    handler: async ({ ctx, actor, params }) => self.withdraw(ctx, actor!, params.id, params.unitId),
  }),
  // One route per stage, so each declares the permission it really needs (the permission matrix reads it).
  evidenceUploadRoute('', 'self', Permission.AssessmentEdit, 'Tải lên tài liệu kiểm chứng của đơn vị (PDF, DOCX, XLSX, JPG, PNG)'),
  evidenceUploadRoute('/appraisal', 'appraised', Permission.AssessmentAppraise, 'Tải lên tài liệu kèm ý kiến thẩm định'),
  evidenceUploadRoute('/explanation', 'explained', Permission.AssessmentExplain, 'Tải lên tài liệu bổ sung khi giải trình (nếu kỳ cho phép)'),
  route({
    method: 'GET',
    url: '/api/evidence/:fileId',
    summary: 'Tải về tài liệu kiểm chứng (chỉ người được phép)',
    tag: 'assessments',
    access: canSomewhere(Permission.AssessmentRead),
    params: FileParams,
    produces: 'application/octet-stream',
    handler: async ({ ctx, actor, params, reply }) => {
      const f = await evidence.downloadEvidence(ctx, actor!, params.fileId);
      reply
        .header('content-type', f.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff');
      return reply.send(f.bytes);
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/evidence/:fileId',
    summary: 'Xóa tài liệu kiểm chứng (trong giai đoạn còn được sửa)',
    tag: 'assessments',
    access: canSomewhere(Permission.AssessmentRead),
    params: FileParams,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ ctx, actor, params }) => {
      await evidence.deleteEvidence(ctx, actor!, params.fileId);
      return { ok: true as const };
    },
  }),
  route({
    method: 'PUT',
    url: '/api/cycles/:id/units/:unitId/leaves/:itemCode/appraisal',
    summary: 'Thẩm định một tiêu chí: xác nhận hoặc điều chỉnh (kèm nhận xét)',
    tag: 'assessments',
    access: can(Permission.AssessmentAppraise, unitInPath),
    params: LeafParams,
    body: AppraiseBody,
    response: StageOut,
    handler: async ({ ctx, actor, params, body }) => appraisal.appraise(ctx, actor!, params.id, params.unitId, params.itemCode, body),
  }),
  route({
    method: 'PUT',
    url: '/api/cycles/:id/units/:unitId/leaves/:itemCode/explanation',
    summary: 'Đơn vị giải trình một tiêu chí bị điều chỉnh (có thể đề xuất số liệu mới)',
    tag: 'assessments',
    access: can(Permission.AssessmentExplain, unitInPath),
    params: LeafParams,
    body: ExplainBody,
    response: StageOut,
    handler: async ({ ctx, actor, params, body }) => appraisal.explain(ctx, actor!, params.id, params.unitId, params.itemCode, body),
  }),
  route({
    method: 'PUT',
    url: '/api/cycles/:id/units/:unitId/leaves/:itemCode/review',
    summary: 'Thẩm định lại: chấp nhận giải trình, giữ điểm thẩm định hoặc đặt điểm cuối cùng',
    tag: 'assessments',
    access: can(Permission.AssessmentAppraise, unitInPath),
    params: LeafParams,
    body: ReviewBody,
    response: StageOut,
    handler: async ({ ctx, actor, params, body }) => appraisal.review(ctx, actor!, params.id, params.unitId, params.itemCode, body),
  }),
];
