import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, upload } from './client';

const NETWORK = 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('api client on a network failure', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('api() throws ApiError(0, "network") with a Vietnamese message, not fetch\'s TypeError', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const e = await rejection(api('/api/x'));
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(0);
    expect((e as ApiError).code).toBe('network');
    expect((e as ApiError).message).toBe(NETWORK);
  });

  it('api() to an unreachable server (a real refused connection) says the same', async () => {
    const e = await rejection(api('http://127.0.0.1:1/x'));
    expect(e).toBeInstanceOf(ApiError);
    expect({ status: (e as ApiError).status, code: (e as ApiError).code, message: (e as ApiError).message }).toEqual({
      status: 0,
      code: 'network',
      message: NETWORK,
    });
  });

  it('upload() says the same', async () => {
    vi.stubGlobal('document', { cookie: 'chiso_csrf=t' }); // the node test environment has no document
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const e = await rejection(upload('/api/files', new Blob(['x'])));
    expect(e).toBeInstanceOf(ApiError);
    expect({ status: (e as ApiError).status, code: (e as ApiError).code, message: (e as ApiError).message }).toEqual({
      status: 0,
      code: 'network',
      message: NETWORK,
    });
  });

  it('an aborted request stays an abort (a cancelled query is not a failure to report)', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const e = await rejection(api('http://127.0.0.1:1/x', { signal: ctl.signal }));
    expect(e).not.toBeInstanceOf(ApiError);
    expect((e as Error).name).toBe('AbortError');
  });
});
