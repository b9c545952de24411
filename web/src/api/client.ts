// Thin fetch wrapper: JSON in and out, the CSRF header on every change, errors as ApiError { code, message }.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** What to show the user for a failed call: the server's Vietnamese message, or the error's own text. */
export const errorText = (e: unknown): string => (e instanceof ApiError ? e.message : String(e));

function csrfToken(): string {
  const m = document.cookie.match(/(?:^|;\s*)chiso_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

/** What a user reads when the request never reached the server (offline, server down, DNS): not fetch's
 * "TypeError: Failed to fetch", which pages would otherwise print as it is. */
const NETWORK_ERROR_MESSAGE = 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.';

/** fetch, with a network failure turned into an ApiError (status 0, code "network"); an abort stays an abort. */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (init.signal?.aborted) throw e; // cancelled on purpose (TanStack Query, a closed page): not a failure to report
    throw new ApiError(0, 'network', NETWORK_ERROR_MESSAGE);
  }
}

async function handle<T>(res: Response): Promise<T> {
  if (res.ok) {
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('application/json') ? res.json() : res.text()) as Promise<T>;
  }
  let body: { code?: string; message?: string; details?: unknown } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  throw new ApiError(res.status, body.code ?? 'error', body.message ?? `Lỗi ${res.status}`, body.details);
}

export async function api<T>(url: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const res = await send(url, {
    method,
    credentials: 'same-origin',
    signal: init.signal,
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' ? { 'x-csrf-token': csrfToken() } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  return handle<T>(res);
}

/** Uploads one file as multipart/form-data (field "file"), with optional extra fields. */
export async function upload<T>(url: string, file: File | Blob, fields: Record<string, string> = {}, filename?: string): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, filename ?? (file instanceof File ? file.name : 'file'));
  const res = await send(url, { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken() }, body: form });
  return handle<T>(res);
}
