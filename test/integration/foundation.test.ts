import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(() => t?.close());

describe(`foundation on ${testDatabaseKind()}`, () => {
  it('answers health once the database is ready', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('refuses a wrong password with 401 and a Vietnamese message, without revealing which part was wrong', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'cchc', password: 'sai-mat-khau' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'unauthenticated', message: 'Tên đăng nhập hoặc mật khẩu không đúng' });
  });

  it('sets an HttpOnly SameSite=Strict session cookie at login', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'xem', password: 'demo-ChiSo-2026' });
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'chiso_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
  });

  it('lists every unit of the demo province to the reform office, only its own unit to a commune', async () => {
    const office = await t.login('cchc');
    const all = (await office.get('/api/units')).json();
    expect(all).toHaveLength(397);
    const commune = await t.login('daumoi.x001');
    const own = (await commune.get('/api/units')).json();
    expect(own.map((u: { code: string }) => u.code)).toEqual(['HL-X001']);
  });

  // Syllable by syllable; at the first differing syllable "bảo" (hỏi) precedes "báo" (sắc) whatever the tone order rule.
  it('sorts units in Vietnamese alphabetical order', async () => {
    const office = await t.login('cchc');
    const names: string[] = (await office.get('/api/units?group=department&current=1')).json().map((u: { name: string }) => u.name);
    expect(names.slice(0, 4)).toEqual(['Ban Quản lý dự án đầu tư xây dựng tỉnh', 'Ban Quản lý Khu kinh tế', 'Bảo hiểm xã hội tỉnh', 'Báo và Phát thanh, Truyền hình tỉnh']);
    expect(names).toHaveLength(20);
  });

  it('answers 401 without a session and 403 for another unit', async () => {
    expect((await t.anonymous.get('/api/units')).statusCode).toBe(401);
    const commune = await t.login('daumoi.x001');
    const stp = (await t.ctx.db.selectFrom('units').select('id').where('code', '=', 'HL-STP').executeTakeFirstOrThrow()).id;
    const res = await commune.get(`/api/units/${stp}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });

  it('rejects a mutation without the CSRF header', async () => {
    const admin = await t.login('admin');
    const res = await admin.request({ method: 'POST', url: '/api/auth/logout', csrf: false });
    expect(res.statusCode).toBe(403);
  });

  it('validates input: a non-numeric id is a 400 naming the field', async () => {
    const office = await t.login('cchc');
    const res = await office.get('/api/units/abc');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('id');
  });

  it('refuses malformed JSON with 400, never 500', async () => {
    const res = await t.anonymous.request({ method: 'POST', url: '/api/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('bad_request');
  });

  it('refuses unknown fields in a body', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'x', password: 'y', role: 'admin' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('role');
  });

  it('shows a merged department its predecessors in both old provinces', async () => {
    const office = await t.login('cchc');
    const snv = (await t.ctx.db.selectFrom('units').select('id').where('code', '=', 'HL-SNV').executeTakeFirstOrThrow()).id;
    const h = (await office.get(`/api/units/${snv}/history`)).json();
    expect(h.predecessors.map((p: { code: string }) => p.code).sort()).toEqual(['BH-SLDTBXH', 'BH-SNV', 'NL-SLDTBXH', 'NL-SNV']);
  });

  it('maps an old commune forward and a new one back', async () => {
    const office = await t.login('cchc');
    const fwd = (await office.get('/api/units-map?code=NL-H2-X020&date=2026-01-01')).json();
    expect(fwd.map((u: { code: string }) => u.code)).toEqual(['HL-X011', 'HL-X012']);
  });

  it('keeps the audit log append-only: the database refuses UPDATE and DELETE', async () => {
    const before = await t.ctx.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0);
    await expect(sql`update audit_log set action = 'tampered'`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    const after = await t.ctx.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('publishes an OpenAPI document listing the routes', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/units/{id}/history');
  });

  it('sends security headers', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });
});
