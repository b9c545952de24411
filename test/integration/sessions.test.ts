import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true, env: { CHISO_SESSION_IDLE_MINUTES: '30', CHISO_SESSION_MAX_HOURS: '8' } });
});
afterAll(() => t?.close());

// Sessions are stored hashed; the newest session of a user is the one a login just created.
async function latestSessionId(username: string): Promise<string> {
  const r = await t.ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select('sessions.id')
    .where('users.username', '=', username)
    .orderBy('sessions.created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return r.id;
}

describe('sessions', () => {
  it('expires after the idle time', async () => {
    const c = await t.login('xem');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    const id = await latestSessionId('xem');
    await sql`update sessions set last_seen_at = now() - interval '31 minutes' where id = ${id}`.execute(t.ctx.db);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('stays alive just inside the idle time', async () => {
    const c = await t.login('xem');
    const id = await latestSessionId('xem');
    await sql`update sessions set last_seen_at = now() - interval '29 minutes' where id = ${id}`.execute(t.ctx.db);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('expires at the absolute limit even when active', async () => {
    const c = await t.login('thamdinh');
    const id = await latestSessionId('thamdinh');
    await sql`update sessions set expires_at = now() - interval '1 second' where id = ${id}`.execute(t.ctx.db);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('sets the absolute expiry from CHISO_SESSION_MAX_HOURS', async () => {
    await t.login('hoidong');
    const id = await latestSessionId('hoidong');
    const r = await sql<{ h: number }>`select extract(epoch from (expires_at - created_at)) / 3600 as h from sessions where id = ${id}`.execute(t.ctx.db);
    expect(Math.round(Number(r.rows[0].h))).toBe(8);
  });

  it('ends on logout: the old cookie no longer works', async () => {
    const c = await t.login('daumoi.stp');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('lets an admin revoke every session of a user', async () => {
    const victim1 = await t.login('thutruong.stp');
    const victim2 = await t.login('thutruong.stp');
    const admin = await t.login('admin');
    const userId = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'thutruong.stp').executeTakeFirstOrThrow()).id;
    const res = await admin.post(`/api/users/${userId}/revoke-sessions`);
    expect(res.statusCode).toBe(200);
    expect(res.json().revoked).toBe(2);
    expect((await victim1.get('/api/auth/me')).statusCode).toBe(401);
    expect((await victim2.get('/api/auth/me')).statusCode).toBe(401);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'session.revoke_all').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBe('admin');
  });

  it('does not let a non-admin revoke sessions', async () => {
    const office = await t.login('cchc');
    expect((await office.post('/api/users/1/revoke-sessions')).statusCode).toBe(403);
  });

  it('throttles an account after 5 failed logins, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.anonymous.post('/api/auth/login', { username: 'dieutra', password: `sai-${i}` });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await t.anonymous.post('/api/auth/login', { username: 'dieutra', password: 'demo-ChiSo-2026' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().message).toContain('15 phút');
  });

  it('gives a new session id at every login (no fixation)', async () => {
    const a = await t.login('xem');
    const b = await t.login('xem');
    expect(a.cookie).not.toBe(b.cookie);
    const forged = await t.anonymous.request({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'chiso_session=attacker-chosen' } });
    expect(forged.statusCode).toBe(401);
  });
});
