import { z } from 'zod';
import { AppError } from '../../errors';
import { Public, SessionOnly, can, route } from '../../http/route';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../http/cookies';
import { ROLE_PERMISSIONS, type Role, Permission } from './permissions';
import { CreateUserBody, IdParams, LoginBody, Me, UserSummary } from './identity.schemas';
import * as service from './identity.service';
import { listGrants } from './identity.repository';

export const identityRoutes = [
  route({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Đăng nhập, đặt cookie phiên',
    tag: 'identity',
    access: Public,
    body: LoginBody,
    response: z.object({ user: z.object({ id: z.number(), username: z.string(), displayName: z.string() }), csrfToken: z.string() }),
    handler: async ({ ctx, body, req, reply }) => {
      // Login CSRF: a browser posting from another origin is refused.
      const origin = req.headers.origin;
      if (origin && req.headers.host && new URL(origin).host !== req.headers.host) throw new AppError('forbidden', 'Yêu cầu đăng nhập từ nguồn không hợp lệ');
      const r = await service.login(ctx.db, ctx.config, { ...body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      const common = { path: '/', sameSite: 'strict' as const, secure: ctx.config.secureCookies, maxAge: ctx.config.sessionMaxHours * 3600 };
      reply.setCookie(SESSION_COOKIE, r.token, { ...common, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, r.csrf, { ...common, httpOnly: false });
      return { user: r.user, csrfToken: r.csrf };
    },
  }),
  route({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Đăng xuất (thu hồi phiên hiện tại)',
    tag: 'identity',
    access: SessionOnly,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ ctx, actor, reply }) => {
      await service.logout(ctx.db, actor!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  }),
  route({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'Người dùng hiện tại, vai trò và quyền',
    tag: 'identity',
    access: SessionOnly,
    response: Me,
    handler: async ({ ctx, req }) => {
      const a = req.actor!;
      const grants = await listGrants(ctx.db, a.userId);
      const permissions = new Set<string>();
      for (const g of a.grants) for (const p of ROLE_PERMISSIONS[g.role as Role]) permissions.add(p);
      return {
        id: a.userId,
        username: a.username,
        displayName: a.displayName,
        grants: grants.map((g) => ({ role: g.role, unitId: g.unit_id, unitCode: g.unit_code, unitName: g.unit_name, includeDescendants: g.include_descendants })),
        permissions: [...permissions].sort(),
        csrfToken: a.csrf,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/api/users',
    summary: 'Danh sách người dùng và vai trò',
    tag: 'identity',
    access: can(Permission.UsersManage),
    response: z.array(UserSummary),
    handler: async ({ ctx, actor }) =>
      (await service.listUsersWithGrants(ctx.db, actor!)).map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        isActive: u.is_active,
        isDemo: u.is_demo,
        grants: u.grants.map((g) => ({ role: g.role, unitId: g.unit_id, unitCode: g.unit_code, unitName: g.unit_name, includeDescendants: g.include_descendants })),
      })),
  }),
  route({
    method: 'POST',
    url: '/api/users',
    summary: 'Tạo người dùng',
    tag: 'identity',
    access: can(Permission.UsersManage),
    body: CreateUserBody,
    status: 201,
    response: z.object({ id: z.number() }),
    handler: async ({ ctx, actor, body }) => ({
      id: await service.createUser(ctx.db, actor, { ...body, grants: body.grants.map((g) => ({ ...g, role: g.role as Role })) }),
    }),
  }),
  route({
    method: 'POST',
    url: '/api/users/:id/revoke-sessions',
    summary: 'Thu hồi mọi phiên đăng nhập của người dùng',
    tag: 'identity',
    access: can(Permission.UsersManage),
    params: IdParams,
    response: z.object({ revoked: z.number() }),
    handler: async ({ ctx, actor, params }) => ({ revoked: await service.revokeSessionsOfUser(ctx.db, actor!, params.id) }),
  }),
  route({
    method: 'POST',
    url: '/api/users/:id/active',
    summary: 'Khóa hoặc mở khóa tài khoản',
    tag: 'identity',
    access: can(Permission.UsersManage),
    params: IdParams,
    body: z.strictObject({ active: z.boolean() }),
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ ctx, actor, params, body }) => {
      await service.setUserActive(ctx.db, actor!, params.id, body.active);
      return { ok: true as const };
    },
  }),
];
