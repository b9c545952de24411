// One-stop routes: calendar, procedures, streaming dossier import with a polled job, indicators,
// drill-down, Index 766 and reconciliation. Reads are scoped to the actor's units in the service.
import { Transform } from 'node:stream';
import { AppError } from '../../errors';
import { can, canSomewhere, route } from '../../http/route';
import { Permission } from '../identity/permissions';
import './onestop.leaf-feed';
import { presentJob } from './onestop.presenter';
import { CreateJobBody, DossierListQuery, DueQuery, ImportQuery, IndicatorQuery, JobParams, PeriodQuery, ProcedureSummaryQuery } from './onestop.schemas';
import * as service from './onestop.service';

async function uploadedBuffer(req: import('fastify').FastifyRequest) {
  const file = await req.file();
  if (!file) throw new AppError('validation', 'Thiếu tệp (trường "file")');
  return { buf: await file.toBuffer(), filename: file.filename };
}

const R = Permission.OnestopRead;
const I = Permission.OnestopImport;

export const onestopRoutes = [
  route({
    method: 'GET',
    url: '/api/onestop/settings',
    summary: 'Cấu hình hiển thị: chỉ tiêu tỷ lệ trễ hạn, nhóm chỉ số 766',
    tag: 'onestop',
    access: canSomewhere(R),
    handler: async () => service.publicSettings(),
  }),
  route({
    method: 'GET',
    url: '/api/onestop/calendar',
    summary: 'Lịch làm việc: ngày nghỉ lễ và ngày làm bù',
    tag: 'onestop',
    access: canSomewhere(R),
    handler: async ({ ctx }) => service.calendarInfo(ctx.db),
  }),
  route({
    method: 'POST',
    url: '/api/onestop/calendar/import',
    summary: 'Nhập calendar.csv / .xlsx (các năm có trong tệp được thay thế; toàn bộ hoặc không gì cả)',
    tag: 'onestop',
    access: can(I),
    upload: true,
    handler: async ({ ctx, actor, req }) => {
      const { buf, filename } = await uploadedBuffer(req);
      return service.importCalendar(ctx, actor, buf, filename);
    },
  }),
  route({
    method: 'GET',
    url: '/api/onestop/due',
    summary: 'Hạn giải quyết theo ngày làm việc (hoặc giờ hành chính)',
    tag: 'onestop',
    access: canSomewhere(R),
    query: DueQuery,
    handler: async ({ ctx, query }) => service.dueDate(ctx.db, query),
  }),
  route({
    method: 'POST',
    url: '/api/onestop/procedures/import',
    summary: 'Nhập danh mục TTHC procedures.csv / .xlsx (cập nhật theo mã; toàn bộ hoặc không gì cả)',
    tag: 'onestop',
    access: can(I),
    upload: true,
    handler: async ({ ctx, actor, req }) => {
      const { buf, filename } = await uploadedBuffer(req);
      return service.importProcedures(ctx, actor, buf, filename);
    },
  }),
  route({
    method: 'GET',
    url: '/api/onestop/procedures',
    summary: 'Danh mục thủ tục hành chính',
    tag: 'onestop',
    access: canSomewhere(R),
    handler: async ({ ctx, actor }) => service.listProcedures(ctx.db, actor!),
  }),
  route({
    method: 'GET',
    url: '/api/onestop/procedures/summary',
    summary: 'Tổng hợp danh mục TTHC theo cấp, đơn vị hoặc lĩnh vực; ước tính tiết kiệm',
    tag: 'onestop',
    access: canSomewhere(R),
    query: ProcedureSummaryQuery,
    handler: async ({ ctx, actor, query }) => service.procedureSummary(ctx.db, actor, query.by === 'none' ? [] : [query.by], query.year),
  }),
  route({
    method: 'POST',
    url: '/api/onestop/imports',
    summary: 'Tạo lượt nhập hồ sơ (để theo dõi tiến độ trước khi gửi tệp)',
    tag: 'onestop',
    access: can(I),
    body: CreateJobBody,
    status: 201,
    handler: async ({ ctx, actor, body, reply }) => {
      const job = await service.createImportJob(ctx.db, actor, body.kind, body.filename, body.size ?? null);
      reply.status(201);
      return { id: job.id };
    },
  }),
  route({
    method: 'GET',
    url: '/api/onestop/imports',
    summary: 'Các lượt nhập gần đây',
    tag: 'onestop',
    access: can(I),
    handler: async ({ ctx, actor }) => (await service.listJobs(ctx.db, actor!)).map(presentJob),
  }),
  route({
    method: 'GET',
    url: '/api/onestop/imports/:id',
    summary: 'Tiến độ một lượt nhập (số dòng đã xử lý, lỗi theo dòng)',
    tag: 'onestop',
    access: can(I),
    params: JobParams,
    handler: async ({ ctx, actor, params }) => presentJob(await service.getJob(ctx.db, actor!, params.id)),
  }),
  route({
    method: 'POST',
    url: '/api/onestop/dossiers/import',
    summary: 'Nhập hồ sơ dossiers.csv / .xlsx theo luồng (cập nhật theo mã hồ sơ; toàn bộ hoặc không gì cả)',
    tag: 'onestop',
    access: can(I),
    upload: true,
    query: ImportQuery,
    handler: async ({ ctx, actor, req, query }) => {
      const file = await // A one-stop export of a year is far beyond the evidence limit; it streams (never buffered), so
      // CHISO_IMPORT_MAX_MB only guards against runaway uploads.
      req.file({ limits: { fileSize: ctx.config.importMaxBytes } });
      if (!file) throw new AppError('validation', 'Thiếu tệp (trường "file")');
      const length = Number(req.headers['content-length']);
      // Busboy ends a file over the limit quietly (truncated); the import must fail, never merge a cut file.
      const source = file.file;
      const guarded = source.pipe(
        new Transform({
          transform: (chunk, _enc, cb) => cb(null, chunk),
          flush: (cb) => cb(source.truncated ? new AppError('payload_too_large', 'Dữ liệu gửi lên quá lớn') : null),
        }),
      );
      return service.importDossiers(ctx, actor, {
        filename: file.filename,
        stream: guarded,
        jobId: query.job,
        bytesTotal: Number.isFinite(length) ? length : null,
      });
    },
  }),
  route({
    method: 'GET',
    url: '/api/onestop/indicators',
    summary: 'Chỉ số một cửa theo đơn vị, kỳ (tháng, quý, năm), kênh, thủ tục, lĩnh vực — tử số và mẫu số',
    tag: 'onestop',
    access: canSomewhere(R),
    query: IndicatorQuery,
    handler: async ({ ctx, actor, query }) =>
      service.indicators(ctx.db, actor, {
        by: query.by,
        granularity: query.granularity,
        from: query.from,
        to: query.to,
        asOf: query.asOf,
        unitId: query.unitId,
        channel: query.channel,
        procedureCode: query.procedure,
      }),
  }),
  route({
    method: 'GET',
    url: '/api/onestop/dossiers',
    summary: 'Danh sách hồ sơ (mặc định: trễ hạn hoặc quá hạn) với tình trạng văn bản xin lỗi',
    tag: 'onestop',
    access: canSomewhere(R),
    query: DossierListQuery,
    handler: async ({ ctx, actor, query }) => service.dossierList(ctx.db, actor, query),
  }),
  route({
    method: 'GET',
    url: '/api/onestop/index766',
    summary: 'Điểm Bộ chỉ số 766 theo đơn vị cho một kỳ',
    tag: 'onestop',
    access: canSomewhere(R),
    query: PeriodQuery,
    handler: async ({ ctx, actor, query }) => service.index766(ctx.db, actor, query.period, query.asOf),
  }),
  route({
    method: 'POST',
    url: '/api/onestop/index766/portal',
    summary: 'Nhập số liệu 766 công bố trên Cổng DVC quốc gia (unit_code,period,field,value)',
    tag: 'onestop',
    access: can(I),
    upload: true,
    handler: async ({ ctx, actor, req }) => {
      const { buf, filename } = await uploadedBuffer(req);
      return service.importPortal766(ctx, actor, buf, filename);
    },
  }),
  route({
    method: 'GET',
    url: '/api/onestop/index766/reconcile',
    summary: 'Đối chiếu điểm 766 với số liệu Cổng, đến từng hồ sơ giải thích chênh lệch',
    tag: 'onestop',
    access: canSomewhere(R),
    query: PeriodQuery,
    handler: async ({ ctx, actor, query }) => service.reconcile(ctx.db, actor, query.period, query.asOf),
  }),
];
