import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, errorText, upload } from './client';

const NETWORK = 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** The error every page shows when the request never reached the server. */
function expectNetworkError(e: unknown): void {
  expect(e).toBeInstanceOf(ApiError);
  const { status, code, message } = e as ApiError;
  expect({ status, code, message }).toEqual({ status: 0, code: 'network', message: NETWORK });
}

describe('api client on a network failure', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('api() throws ApiError(0, "network") with a Vietnamese message, not fetch\'s TypeError', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    expectNetworkError(await rejection(api('/api/x')));
  });

  it('api() to an unreachable server (a real refused connection) says the same', async () => {
    expectNetworkError(await rejection(api('http://127.0.0.1:1/x')));
  });

  it('upload() says the same', async () => {
    vi.stubGlobal('document', { cookie: 'chiso_csrf=t' }); // the node test environment has no document
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    expectNetworkError(await rejection(upload('/api/files', new Blob(['x']))));
  });

  it('an aborted request stays an abort (a cancelled query is not a failure to report)', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const e = await rejection(api('http://127.0.0.1:1/x', { signal: ctl.signal }));
    expect(e).not.toBeInstanceOf(ApiError);
    expect((e as Error).name).toBe('AbortError');
  });
});

describe('errorText', () => {
  it("shows the server's message for an API error and the error's own text otherwise", () => {
    expect(errorText(new ApiError(409, 'conflict', 'Lượt nhập không tồn tại hoặc đã chạy'))).toBe('Lượt nhập không tồn tại hoặc đã chạy');
    expect(errorText(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(errorText('hết thời gian')).toBe('hết thời gian');
  });
});
