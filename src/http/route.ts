// Every API route is declared once here-style: its schemas (validation + OpenAPI), its access rule
// (enforced before the handler and read by the permission-matrix test) and one service call.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType, z } from 'zod';
import type { AppContext } from '../app-context';
import type { Actor } from '../modules/identity/access';
import type { Permission } from '../modules/identity/permissions';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where the route finds the unit its permission is checked against. */
export type UnitLocator = { from: 'params' | 'query' | 'body'; key: string; kind?: 'unitId' | 'unitCode' };

export type Access =
  | { kind: 'public' }
  | { kind: 'session' }
  | { kind: 'permission'; permission: Permission; unit?: UnitLocator; note?: string }
  /** Held on at least one unit; the service narrows the answer to those units (lists, dashboards). */
  | { kind: 'scoped'; permission: Permission; note?: string };

export interface HandlerContext<B, Q, P> {
  ctx: AppContext;
  actor: Actor | null;
  body: B;
  query: Q;
  params: P;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef<B extends ZodType = ZodType, Q extends ZodType = ZodType, P extends ZodType = ZodType, R extends ZodType = ZodType> {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** Response schema for JSON; omit for routes that stream a file (set `produces`). */
  response?: R;
  produces?: string;
  /** multipart/form-data upload (the handler reads req.file()). */
  upload?: boolean;
  /** Statuses beyond 200 the route may answer with, for the docs. */
  status?: number;
  handler: (h: HandlerContext<z.output<B>, z.output<Q>, z.output<P>>) => Promise<R extends ZodType ? z.input<R> : unknown>;
}

export function route<B extends ZodType, Q extends ZodType, P extends ZodType, R extends ZodType>(def: RouteDef<B, Q, P, R>): RouteDef {
  return def as unknown as RouteDef;
}

export const Public: Access = { kind: 'public' };
export const SessionOnly: Access = { kind: 'session' };
export const can = (permission: Permission, unit?: UnitLocator): Access => ({ kind: 'permission', permission, unit });
export const canSomewhere = (permission: Permission): Access => ({ kind: 'scoped', permission });
