import { randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/audit.repository';
import { type Actor, type ResolvedGrant, requireAccess } from './access';
import * as repo from './identity.repository';
import { hashPassword, verifyPassword } from './passwords';
import { Permission, type Role, isRole } from './permissions';

// Throttle: past these failures in the window, logins are refused before the password is checked.
const THROTTLE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_IP = 30;
// Touch last_seen_at at most once a minute, so reads do not turn into writes.
const TOUCH_EVERY_MS = 60_000;

let dummyHash: Promise<string> | null = null;

export interface LoginResult {
  token: string;
  csrf: string;
  user: { id: number; username: string; displayName: string };
}

export async function login(
  db: Db,
  config: Config,
  input: { username: string; password: string; ip: string; userAgent: string | null },
): Promise<LoginResult> {
  const since = new Date(Date.now() - THROTTLE_WINDOW_MINUTES * 60_000);
  // The attempt is recorded as a failure BEFORE counting, so parallel guesses cannot all pass the check
  // (check-then-record let N concurrent requests test N passwords); it becomes a success only if it is one.
  const attemptId = await repo.recordLoginAttempt(db, input.username, input.ip, false);
  const failures = await repo.recentFailures(db, input.username, input.ip, since);
  if (failures.byUser > MAX_FAILURES_PER_ACCOUNT || failures.byIp > MAX_FAILURES_PER_IP) {
    throw new AppError('rate_limited', `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${THROTTLE_WINDOW_MINUTES} phút.`);
  }
  const user = await repo.findUserByUsername(db, input.username);
  // Verify against a dummy hash for unknown users so response time does not reveal which accounts exist.
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), input.password);
  if (!user || !ok || !user.is_active) {
    throw new AppError('unauthenticated', 'Tên đăng nhập hoặc mật khẩu không đúng');
  }
  await repo.markLoginAttemptSucceeded(db, attemptId);
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + config.sessionMaxHours * 3600_000);
  await repo.insertSession(db, { token, userId: user.id, csrf, expiresAt, ip: input.ip, userAgent: input.userAgent });
  await recordAudit(db, { userId: user.id, username: user.username, ip: input.ip }, { action: 'login', entity: 'session' });
  return { token, csrf, user: { id: user.id, username: user.username, displayName: user.display_name } };
}

export async function logout(db: Db, actor: Actor): Promise<void> {
  await repo.revokeSession(db, actor.sessionId);
  await recordAudit(db, actor, { action: 'logout', entity: 'session' });
}

export interface SessionActor extends Actor {
  csrf: string;
}

/** Resolves a cookie token to an actor, or null when missing, revoked, idle too long or past its absolute expiry. */
export async function resolveSession(db: Db, config: Config, token: string | undefined, ip: string): Promise<SessionActor | null> {
  if (!token || token.length > 200) return null;
  const s = await repo.findSession(db, token);
  if (!s || s.revoked_at || !s.is_active) return null;
  const now = Date.now();
  if (new Date(s.expires_at).getTime() <= now) return null;
  const lastSeen = new Date(s.last_seen_at).getTime();
  if (lastSeen + config.sessionIdleMinutes * 60_000 <= now) return null;
  if (now - lastSeen > TOUCH_EVERY_MS) await repo.touchSession(db, s.id);
  return {
    userId: s.user_id,
    username: s.username,
    displayName: s.display_name,
    sessionId: s.id,
    ip,
    csrf: s.csrf_token,
    grants: await resolveGrants(db, s.user_id),
  };
}

export async function resolveGrants(db: Db, userId: number): Promise<ResolvedGrant[]> {
  const rows = await repo.listGrants(db, userId);
  const out: ResolvedGrant[] = [];
  for (const g of rows) {
    if (!isRole(g.role)) continue;
    if (g.unit_id === null) out.push({ role: g.role, unitIds: null });
    else if (g.include_descendants) out.push({ role: g.role, unitIds: new Set(await repo.descendantUnitIds(db, g.unit_id)) });
    else out.push({ role: g.role, unitIds: new Set([g.unit_id]) });
  }
  return out;
}

export async function createUser(
  db: Db,
  actor: Actor | null,
  input: { username: string; displayName: string; password: string; grants: { role: Role; unitId: number | null; includeDescendants?: boolean }[]; isDemo?: boolean },
): Promise<number> {
  if (actor) requireAccess(actor, Permission.UsersManage);
  if (await repo.findUserByUsername(db, input.username)) throw new AppError('conflict', `Tên đăng nhập "${input.username}" đã tồn tại`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertUser(trx, { username: input.username, displayName: input.displayName, passwordHash, isDemo: input.isDemo });
    for (const g of input.grants) await repo.insertGrant(trx, { userId: id, role: g.role, unitId: g.unitId, includeDescendants: g.includeDescendants ?? false });
    await recordAudit(trx, actor, { action: 'user.create', entity: 'user', entityId: id, after: { username: input.username, grants: input.grants } });
    return id;
  });
}

export async function listUsersWithGrants(db: Db, actor: Actor) {
  requireAccess(actor, Permission.UsersManage);
  const users = await repo.listUsers(db);
  return Promise.all(users.map(async (u) => ({ ...u, grants: await repo.listGrants(db, u.id) })));
}

/** An admin ends every session of a user at once (a lost laptop, a person who left). */
export async function revokeSessionsOfUser(db: Db, actor: Actor, userId: number): Promise<number> {
  requireAccess(actor, Permission.UsersManage);
  const user = await repo.findUserById(db, userId);
  if (!user) throw new AppError('not_found', 'Không tìm thấy người dùng');
  const n = await repo.revokeUserSessions(db, userId);
  await recordAudit(db, actor, { action: 'session.revoke_all', entity: 'user', entityId: userId, after: { revoked: n } });
  return n;
}

export async function setUserActive(db: Db, actor: Actor, userId: number, active: boolean) {
  requireAccess(actor, Permission.UsersManage);
  const user = await repo.findUserById(db, userId);
  if (!user) throw new AppError('not_found', 'Không tìm thấy người dùng');
  // One misclick would end the admin's own sessions, and with no other admin nobody could unlock the account.
  if (!active && userId === actor.userId) throw new AppError('conflict', 'Không thể tự khóa tài khoản của chính mình; nhờ một quản trị viên khác thực hiện');
  await repo.setUserActive(db, userId, active);
  if (!active) await repo.revokeUserSessions(db, userId);
  await recordAudit(db, actor, { action: active ? 'user.activate' : 'user.deactivate', entity: 'user', entityId: userId, before: { active: user.is_active }, after: { active } });
}
