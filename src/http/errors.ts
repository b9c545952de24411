import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError } from '../errors';
import { FileFormatError } from '../formats/file-format-error';

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && DB_DOWN_CODES.has(e.code)) return true;
  const m = e?.message ?? '';
  return /Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i.test(m);
}

export function zodMessage(err: ZodError, where: string): string {
  return err.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.length ? i.path.join('.') : where;
      return `Trường "${path}": ${i.message}`;
    })
    .join('; ');
}

/** The one place errors become responses: `{ code, message }`, the right status, never a stack trace. */
export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    return reply.status(err.status).send({ code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
  }
  if (err instanceof FileFormatError) {
    return reply.status(400).send({ code: 'invalid_file', message: err.message, details: err.issues.slice(0, 200) });
  }
  if (err instanceof ZodError) {
    return reply.status(400).send({ code: 'validation', message: zodMessage(err, 'body') });
  }
  const fe = err as FastifyError;
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe?.code === 'FST_REQ_FILE_TOO_LARGE' || fe?.statusCode === 413) {
    return reply.status(413).send({ code: 'payload_too_large', message: 'Dữ liệu gửi lên quá lớn' });
  }
  if (fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe?.statusCode === 415) {
    return reply.status(415).send({ code: 'unsupported_media', message: 'Kiểu dữ liệu không được hỗ trợ' });
  }
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const message = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(fe.message) ? 'Dữ liệu JSON không hợp lệ' : 'Yêu cầu không hợp lệ';
    return reply.status(fe.statusCode).send({ code: fe.statusCode === 429 ? 'rate_limited' : 'bad_request', message });
  }
  if (isDatabaseUnavailable(err)) {
    req.log.warn({ err: { message: (err as Error).message } }, 'database unavailable');
    return reply.status(503).header('Retry-After', '5').send({ code: 'unavailable', message: 'Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại sau' });
  }
  const pgCode = (err as { code?: string })?.code;
  if (pgCode === 'P0001' && /locked|khóa/i.test((err as Error).message)) {
    return reply.status(423).send({ code: 'locked', message: 'Dữ liệu đã khóa, không thể thay đổi' });
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ code: 'internal', message: 'Lỗi hệ thống. Vui lòng thử lại hoặc liên hệ quản trị.' });
}
