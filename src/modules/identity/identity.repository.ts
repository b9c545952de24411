import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database';

/** Session ids are stored hashed: a leaked database dump holds no usable cookie. */
export const sessionKey = (token: string) => createHash('sha256').update(token).digest('hex');

export function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, u: { username: string; displayName: string; passwordHash: string; isDemo?: boolean }) {
  const row = await db
    .insertInto('users')
    .values({ username: u.username, display_name: u.displayName, password_hash: u.passwordHash, is_demo: u.isDemo ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertGrant(db: Db, g: { userId: number; role: string; unitId: number | null; includeDescendants: boolean }) {
  await db
    .insertInto('role_grants')
    .values({ user_id: g.userId, role: g.role, unit_id: g.unitId, include_descendants: g.includeDescendants })
    .execute();
}

export function listGrants(db: Db, userId: number) {
  return db
    .selectFrom('role_grants')
    .leftJoin('units', 'units.id', 'role_grants.unit_id')
    .select(['role_grants.id', 'role_grants.role', 'role_grants.unit_id', 'role_grants.include_descendants', 'units.code as unit_code', 'units.name as unit_name'])
    .where('role_grants.user_id', '=', userId)
    .orderBy('role_grants.id')
    .execute();
}

/** Unit ids in the subtree under `unitId` (itself included). */
export async function descendantUnitIds(db: Db, unitId: number): Promise<number[]> {
  const r = await sql<{ id: number }>`
    with recursive t(id) as (select ${unitId}::bigint union all select u.id from units u join t on u.parent_id = t.id)
    select id from t`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export async function insertSession(db: Db, s: { token: string; userId: number; csrf: string; expiresAt: Date; ip: string; userAgent: string | null }) {
  await db
    .insertInto('sessions')
    .values({ id: sessionKey(s.token), user_id: s.userId, csrf_token: s.csrf, expires_at: s.expiresAt, last_seen_at: new Date(), ip: s.ip, user_agent: s.userAgent })
    .execute();
}

export function findSession(db: Db, token: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.revoked_at',
      'users.username',
      'users.display_name',
      'users.is_active',
    ])
    .where('sessions.id', '=', sessionKey(token))
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string) {
  await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
}

export async function revokeSession(db: Db, id: string) {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function revokeUserSessions(db: Db, userId: number) {
  const r = await db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function recordLoginAttempt(db: Db, username: string, ip: string, succeeded: boolean): Promise<number> {
  const r = await db.insertInto('login_attempts').values({ username, ip, succeeded }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function markLoginAttemptSucceeded(db: Db, id: number) {
  await db.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', id).execute();
}

export async function recentFailures(db: Db, username: string, ip: string, since: Date) {
  const r = await db
    .selectFrom('login_attempts')
    .select([
      sql<number>`count(*) filter (where username = ${username})`.as('by_user'),
      sql<number>`count(*) filter (where ip = ${ip})`.as('by_ip'),
    ])
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .where((eb) => eb.or([eb('username', '=', username), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  return { byUser: Number(r.by_user), byIp: Number(r.by_ip) };
}

export function listUsers(db: Db) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'is_active', 'is_demo', 'created_at']).orderBy('username').execute();
}

export async function setUserActive(db: Db, id: number, active: boolean) {
  await db.updateTable('users').set({ is_active: active }).where('id', '=', id).execute();
}
