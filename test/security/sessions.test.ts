// (c) session fixation and server-side logout, (d) CSRF on every mutation of the route table,
// (e) login brute force: per account, per IP, and parallel guesses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/cookies';
import type { RouteDef } from '../../src/http/route';
import { createUser } from '../../src/modules/identity/identity.service';
import { allRoutes } from '../../src/modules/routes';
import { type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';
import { buildUrl, createResolver, isMutation, routeLabel, unitsOf } from './route-matrix';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(() => t?.close());

const PASSWORD = 'brute-force-target-1';
const login = (username: string, password: string, opts: { ip?: string; cookie?: string } = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
    headers: opts.cookie ? { cookie: opts.cookie } : {},
  });
const sessionCookieOf = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });

describe(`sessions on ${testDatabaseKind()}`, () => {
  it('session fixation: a cookie planted before login is not the session after login and stays anonymous', async () => {
    const planted = 'attacker-chosen-session-id-0123456789abcdef';
    const res = await login('xem', 'demo-ChiSo-2026', { cookie: `${SESSION_COOKIE}=${planted}` });
    expect(res.statusCode).toBe(200);
    const issued = sessionCookieOf(res);
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    expect(issued!.length).toBeGreaterThanOrEqual(40);
    expect((await me(planted)).statusCode).toBe(401);
    expect((await me(issued!)).statusCode).toBe(200);
  });

  it('a second login from a logged-in browser gets a new session id', async () => {
    const first = sessionCookieOf(await login('xem', 'demo-ChiSo-2026'))!;
    const second = sessionCookieOf(await login('xem', 'demo-ChiSo-2026', { cookie: `${SESSION_COOKIE}=${first}` }))!;
    expect(second).not.toBe(first);
  });

  it('logout revokes the session server-side: the old cookie answers 401 afterwards', async () => {
    const c = await t.login('xem');
    const token = c.cookie.match(new RegExp(`${SESSION_COOKIE}=([^;]+)`))![1];
    expect((await me(token)).statusCode).toBe(200);
    const out = await c.post('/api/auth/logout');
    expect(out.statusCode).toBe(200);
    const cleared = out.cookies.find((x) => x.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    // replaying the old cookie (as a thief would) is refused
    const replay = await me(token);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toEqual({ code: 'unauthenticated', message: 'Bạn cần đăng nhập' });
  });

  it('the session token is not stored in the database in clear', async () => {
    const c = await t.login('xem');
    const token = c.cookie.match(new RegExp(`${SESSION_COOKIE}=([^;]+)`))![1];
    const rows = await t.ctx.db.selectFrom('sessions').select('id').execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
  });

  it('deactivating a user ends their sessions at once', async () => {
    await createUser(t.ctx.db, null, { username: 'sec.leaver', displayName: 'Leaver', password: PASSWORD, grants: [{ role: 'viewer', unitId: null }] });
    const leaver = await t.login('sec.leaver', PASSWORD);
    const admin = await t.login('admin');
    const id = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'sec.leaver').executeTakeFirstOrThrow()).id;
    expect((await admin.post(`/api/users/${id}/active`, { active: false })).statusCode).toBe(200);
    expect((await leaver.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('an admin cannot lock their own account (one misclick, and maybe nobody left to unlock it)', async () => {
    const admin = await t.login('admin');
    const id = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    const auditCount = async () => Number((await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const auditBefore = await auditCount();
    const res = await admin.post(`/api/users/${id}/active`, { active: false });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ code: 'conflict', message: 'Không thể tự khóa tài khoản của chính mình; nhờ một quản trị viên khác thực hiện' });
    expect((await t.ctx.db.selectFrom('users').select('is_active').where('id', '=', id).executeTakeFirstOrThrow()).is_active).toBe(true);
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
    expect(await auditCount()).toBe(auditBefore);
  });
});

describe('CSRF: every mutation of the route table refuses a logged-in request without the token', () => {
  const mutations = allRoutes.filter((r) => isMutation(r) && r.access.kind !== 'public');

  it('has mutations to check', () => {
    expect(mutations.map(routeLabel)).toEqual(expect.arrayContaining(['POST /api/auth/logout', 'POST /api/users', 'POST /api/units/import']));
  });

  it.each(mutations.map((r) => [routeLabel(r), r] as [string, RouteDef]))('%s', async (_label, r) => {
    const admin = await t.login('admin');
    const units = await unitsOf(t.ctx.db);
    const resolver = await resolverOnce(units);
    const probe = await buildUrl(r, 'own', resolver);
    const url = probe.skip ? r.url.replace(/:[A-Za-z_]+/g, '1') : probe.url;
    const auditBefore = await auditCount();
    const without = await admin.request({ method: r.method, url, payload: {}, csrf: false });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('forbidden');
    // another session's token is no better than none
    const other = await t.login('admin');
    const wrong = await admin.request({ method: r.method, url, payload: {}, csrf: false, headers: { 'x-csrf-token': other.csrf } });
    expect(wrong.statusCode).toBe(403);
    // the session survived (logout did not run) and nothing was written
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
    expect(await auditCount()).toBe(auditBefore + 1); // only the second login
  });

  let resolverPromise: ReturnType<typeof createResolver> | null = null;
  const resolverOnce = (units: Awaited<ReturnType<typeof unitsOf>>) => (resolverPromise ??= createResolver(t, units));
  const auditCount = async () => Number((await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
});

describe('login brute force', () => {
  it('per account: five wrong passwords, then 429 — even for the right password', async () => {
    await createUser(t.ctx.db, null, { username: 'sec.brute1', displayName: 'B1', password: PASSWORD, grants: [{ role: 'viewer', unitId: null }] });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login('sec.brute1', `wrong-${i}`, { ip: `10.1.0.${i + 1}` })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const sixth = await login('sec.brute1', 'wrong-6', { ip: '10.1.0.9' });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().code).toBe('rate_limited');
    const right = await login('sec.brute1', PASSWORD, { ip: '10.1.0.10' });
    expect(right.statusCode).toBe(429);
    expect(right.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('per IP: 30 failures over many accounts from one address, then 429 for any account from it', async () => {
    await createUser(t.ctx.db, null, { username: 'sec.brute2', displayName: 'B2', password: PASSWORD, grants: [{ role: 'viewer', unitId: null }] });
    const ip = '10.2.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login(`nobody-${i}`, 'x', { ip })).statusCode);
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect((await login('sec.brute2', PASSWORD, { ip })).statusCode).toBe(429);
    // the same account from another address is not locked out
    expect((await login('sec.brute2', PASSWORD, { ip: '10.2.0.2' })).statusCode).toBe(200);
  });

  it('parallel guesses cannot outrun the throttle: of 20 at once, at most 5 passwords are checked', async () => {
    await createUser(t.ctx.db, null, { username: 'sec.brute3', displayName: 'B3', password: PASSWORD, grants: [{ role: 'viewer', unitId: null }] });
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => login('sec.brute3', `guess-${i}`, { ip: `10.3.0.${i + 1}` })));
    const statuses = res.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('unknown accounts are throttled the same way (no account enumeration by status)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login('no-such-user-xyz', `p${i}`, { ip: `10.4.0.${i + 1}` })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
