// The HTTP server: security headers, sessions, CSRF, the route table, the web app, errors in one place.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from './app-context';
import { AppError } from './errors';
import { SESSION_COOKIE } from './http/cookies';
import { sendError, zodMessage } from './http/errors';
import { buildOpenApi } from './http/openapi';
import type { RouteDef } from './http/route';
import { docsCss, docsPage, docsScript } from './http/docs-page';
import { type Actor, requireAccess, unitScope } from './modules/identity/access';
import { type SessionActor, resolveSession } from './modules/identity/identity.service';
import { allRoutes } from './modules/routes';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

declare module 'fastify' {
  interface FastifyRequest {
    actor: SessionActor | null;
  }
}

export interface BuildServerOptions {
  logger?: boolean;
  routes?: RouteDef[];
  /** Where log lines go (default stdout); the security suite captures them to prove no secret is logged. */
  logStream?: NodeJS.WritableStream;
}

export async function buildServer(ctx: AppContext, opts: BuildServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false || ctx.config.logLevel === 'silent'
        ? false
        : {
            level: ctx.config.logLevel,
            // Never log credentials or session material.
            redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'body.password', 'password'],
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false } },
  });

  // The same helmet that @fastify/helmet wraps, built once: the plugin rebuilds the middleware (parsing
  // every CSP directive) on each request, while these headers never change between requests.
  const securityHeaders = staticHelmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its styles at run time
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: ctx.config.secureCookies,
  });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') && !req.url.startsWith('/files/')) return;
    req.actor = await resolveSession(ctx.db, ctx.config, req.cookies[SESSION_COOKIE], req.ip);
  });

  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && hasWebBuild()) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send({ code: 'not_found', message: 'Không tìm thấy đường dẫn' });
  });

  const routes = opts.routes ?? allRoutes;
  for (const def of routes) registerRoute(app, ctx, def);

  app.get('/api/health', async (_req, reply) => {
    await ctx.db.selectFrom('units').select('id').limit(1).execute();
    return reply.send({ status: 'ok', database: ctx.database.kind });
  });
  const openapi = buildOpenApi(routes);
  app.get('/api/openapi.json', async () => openapi);
  app.get('/api/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(docsPage()));
  app.get('/api/docs.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(docsScript));
  app.get('/api/docs.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(docsCss));

  if (hasWebBuild()) {
    await app.register(fastifyStatic, { root: path.join(root, 'dist/web'), wildcard: false, index: ['index.html'] });
  }
  return app;
}

/** The headers helmet's middleware sets, collected once from a stand-in response (helmet as @fastify/helmet depends on it). */
function staticHelmetHeaders(options: object): Record<string, string> {
  const require = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'));
  const helmet = require('helmet') as (o: object) => (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: () => {},
  };
  helmet(options)({}, res, (err) => {
    if (err) throw err;
  });
  return headers;
}

function hasWebBuild() {
  return existsSync(path.join(root, 'dist/web/index.html'));
}

function parsePart<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): unknown {
  if (!schema) return value;
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new AppError('validation', zodMessage(r.error, where));
  return r.data;
}

function locateUnit(def: RouteDef, parts: { params: unknown; query: unknown; body: unknown }): number | string | undefined {
  if (def.access.kind !== 'permission' || !def.access.unit) return undefined;
  const bag = parts[def.access.unit.from] as Record<string, unknown> | undefined;
  const v = bag?.[def.access.unit.key];
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

function registerRoute(app: FastifyInstance, ctx: AppContext, def: RouteDef) {
  app.route({
    method: def.method,
    url: def.url,
    handler: async (req, reply) => {
      const actor: Actor | null = req.actor;
      if (def.access.kind !== 'public') {
        if (!actor) throw new AppError('unauthenticated', 'Bạn cần đăng nhập');
        if (req.method !== 'GET' && req.method !== 'HEAD') checkCsrf(req);
      }
      // Authorize before the query and body are validated: a caller without the permission gets 403 and learns
      // nothing about the route's input shape, and its input never reaches a parser.
      const params = parsePart(def.params, req.params, 'params');
      if (def.access.kind === 'permission') {
        const u = def.access.unit;
        if (!u || u.from === 'params') {
          const unit = locateUnit(def, { params, query: undefined, body: undefined });
          requireAccess(actor, def.access.permission, typeof unit === 'number' ? unit : undefined);
        } else {
          // held on no unit at all → 403 now; a numeric unit id the caller cannot reach → 403 now
          unitScope(actor, def.access.permission);
          const raw = (u.from === 'query' ? (req.query as Record<string, unknown> | undefined) : (req.body as Record<string, unknown> | undefined))?.[u.key];
          const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
          if (u.kind !== 'unitCode' && n !== undefined) requireAccess(actor, def.access.permission, n);
        }
      } else if (def.access.kind === 'scoped') {
        unitScope(actor, def.access.permission);
      }
      const query = parsePart(def.query, req.query, 'query');
      const body = def.upload ? undefined : parsePart(def.body, req.body, 'body');
      if (def.access.kind === 'permission' && def.access.unit && def.access.unit.from !== 'params') {
        const unit = locateUnit(def, { params, query, body });
        requireAccess(actor, def.access.permission, typeof unit === 'number' ? unit : undefined);
      }
      const result = await def.handler({ ctx, actor, body, query, params, req, reply });
      if (reply.sent) return reply;
      if (def.response) {
        const out = def.response.safeParse(result);
        if (!out.success) {
          req.log.error({ issues: out.error.issues.slice(0, 3), url: def.url }, 'response failed its schema');
          throw new Error('response schema mismatch');
        }
        return reply.status(def.status ?? 200).send(out.data);
      }
      return reply.send(result);
    },
  });
}

/** Double-submit token: the header must carry the session's CSRF token (SameSite=Strict is the first line). */
function checkCsrf(req: FastifyRequest) {
  const header = req.headers['x-csrf-token'];
  if (!req.actor || typeof header !== 'string' || header !== req.actor.csrf) {
    throw new AppError('forbidden', 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF). Vui lòng tải lại trang.');
  }
}
