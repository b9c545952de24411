// One error type for the whole server; its code decides the HTTP status in exactly one place.
export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'deadline_passed'
  | 'payload_too_large'
  | 'unsupported_media'
  | 'rate_limited'
  | 'unavailable'
  | 'insufficient_storage'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  deadline_passed: 409,
  payload_too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  unavailable: 503,
  insufficient_storage: 507,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what = 'Không tìm thấy') => new AppError('not_found', what);
export const forbidden = (what = 'Bạn không có quyền thực hiện thao tác này') => new AppError('forbidden', what);
