// Everything the security suite derives from the route table: the subjects (one user per role), the
// expected allow/deny of a route for a subject on its own or another unit, and sample values for
// path parameters. New routes in src/modules/routes.ts are covered without edits; a parameter nobody
// can resolve is skipped with a visible reason instead of breaking the suite.
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import type { Db } from '../../src/db/database';
import type { RouteDef } from '../../src/http/route';
import { createUser } from '../../src/modules/identity/identity.service';
import { ALL_ROLES, ROLE_PERMISSIONS, type Role, UNIT_BOUND_ROLES } from '../../src/modules/identity/permissions';
import type { Client, TestApp } from '../helpers/test-app';

export const SUBJECT_PASSWORD = 'security-suite-password-1';
export const OWN_UNIT_CODE = 'HL-STP';
export const OTHER_UNIT_CODE = 'HL-X001';

export interface Subject {
  /** 'anonymous' or the role name */
  name: string;
  role: Role | null;
  username: string | null;
  /** null = province-wide grant */
  unitId: number | null;
}

export interface Units {
  own: { id: number; code: string };
  other: { id: number; code: string };
}

export type Target = 'own' | 'other';

export async function unitsOf(db: Db): Promise<Units> {
  const get = async (code: string) => {
    const u = await db.selectFrom('units').select(['id', 'code']).where('code', '=', code).executeTakeFirstOrThrow();
    return { id: Number(u.id), code: u.code };
  };
  return { own: await get(OWN_UNIT_CODE), other: await get(OTHER_UNIT_CODE) };
}

/** One user per role: unit-bound roles on the own unit (no descendants), the others province-wide. */
export async function createSubjects(t: TestApp, units: Units): Promise<Subject[]> {
  const subjects: Subject[] = [{ name: 'anonymous', role: null, username: null, unitId: null }];
  for (const role of ALL_ROLES) {
    const unitId = UNIT_BOUND_ROLES.includes(role) ? units.own.id : null;
    const username = `sec.${role}`;
    await createUser(t.ctx.db, null, { username, displayName: `Security ${role}`, password: SUBJECT_PASSWORD, grants: [{ role, unitId }] });
    subjects.push({ name: unitId === null ? role : `${role}@unit`, role, username, unitId });
  }
  return subjects;
}

export const pathParams = (url: string): string[] => [...url.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
export const isMutation = (r: RouteDef) => r.method !== 'GET';
export const routeLabel = (r: RouteDef) => `${r.method} ${r.url}`;

export function describeAccess(r: RouteDef): string {
  const a = r.access;
  switch (a.kind) {
    case 'public':
      return 'public';
    case 'session':
      return 'any session';
    case 'scoped':
      return `${a.permission} somewhere (scoped)`;
    case 'permission':
      return a.unit ? `${a.permission} on unit (${a.unit.from}.${a.unit.key})` : `${a.permission} province-wide`;
  }
}

/**
 * The rule the server and services must implement, computed from ROLE_PERMISSIONS and the route's access:
 * - public: everyone; session: anyone logged in;
 * - permission without a unit locator (or located by code): a province-wide grant holding the permission;
 * - permission located on a unit id: a province-wide grant, or a grant on that very unit;
 * - scoped: lists (no path parameter) need the permission on some unit; a route addressing one resource
 *   by path parameter needs it on the resource's unit (services re-check with requireAccess); a province-level
 *   resource (a table without unit_id: forms, campaigns) is like a list — the service narrows what it shows.
 */
export function expectedAllow(r: RouteDef, s: Subject, target: Target, units: Units, unitLinked = true): boolean {
  const a = r.access;
  if (a.kind === 'public') return true;
  if (!s.role) return false;
  if (a.kind === 'session') return true;
  if (!ROLE_PERMISSIONS[s.role].includes(a.permission)) return false;
  const provinceWide = s.unitId === null;
  const onTarget = provinceWide || (target === 'own' ? units.own.id : units.other.id) === s.unitId;
  if (a.kind === 'scoped') return pathParams(r.url).length === 0 || !unitLinked ? true : onTarget;
  if (!a.unit || a.unit.kind === 'unitCode') return provinceWide;
  return onTarget;
}

/** Keys of a zod object schema (query or body), [] for anything else. */
export function schemaKeys(schema: ZodType | undefined): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

export const isIdKey = (k: string) => k === 'id' || /Id$/.test(k);

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `unitLinked`: the value names the target unit or a row carrying its unit_id (own/other means something). */
export interface Resolved {
  value: string;
  unitLinked: boolean;
}

export interface ParamResolver {
  /** A value for `param` of `url` pointing at a resource of the target unit, or a reason to skip. */
  resolve(url: string, param: string, target: Target): Promise<Resolved | { skip: string }>;
  /** The user every users/:id route is pointed at (never one of the subjects). */
  victimUserId: number;
}

export async function createResolver(t: TestApp, units: Units): Promise<ParamResolver> {
  const victimUserId = await createUser(t.ctx.db, null, { username: 'sec.victim', displayName: 'Victim', password: SUBJECT_PASSWORD, grants: [{ role: 'viewer', unitId: units.other.id }] });
  const tables = new Map<string, Set<string>>();
  const cols = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = 'public'`.execute(t.ctx.db);
  for (const c of cols.rows) {
    if (!tables.has(c.table_name)) tables.set(c.table_name, new Set());
    tables.get(c.table_name)!.add(c.column_name);
  }
  const findTable = (segment: string): string | null => {
    const s = snake(segment).replace(/-/g, '_');
    const candidates = [s, `${s}s`, s.replace(/s$/, '')];
    for (const c of candidates) if (tables.has(c)) return c;
    const suffix = [...tables.keys()].filter((n) => candidates.some((c) => n.endsWith(`_${c}`)));
    return suffix.length === 1 ? suffix[0] : null;
  };
  const unitOf = (target: Target) => (target === 'own' ? units.own : units.other);
  let lastCycleId: number | null = null;
  /** The first self-scored leaf of the unit's framework in the cycle resolved just before (:id precedes :itemCode). */
  const leafOfCycle = async (unitId: number): Promise<Resolved | { skip: string }> => {
    const row = (
      await sql<{ tree: unknown }>`select f.tree from cycle_units cu join frameworks f on f.id = cu.framework_id
        where cu.unit_id = ${unitId} and cu.cycle_id = ${lastCycleId ?? 0}`.execute(t.ctx.db)
    ).rows[0];
    type Node = { code: string; children?: Node[]; rule?: { type: string } };
    const tree = (typeof row?.tree === 'string' ? JSON.parse(row.tree) : row?.tree) as { items: Node[] } | undefined;
    const find = (nodes: Node[]): Node | undefined => {
      for (const n of nodes) {
        const hit = n.children ? find(n.children) : n.rule && !['survey', 'data'].includes(n.rule.type) ? n : undefined;
        if (hit) return hit;
      }
    };
    const leaf = tree ? find(tree.items) : undefined;
    return leaf ? { value: leaf.code, unitLinked: false } : { skip: ':itemCode: no self-scored leaf in the cycle of the unit' };
  };
  return {
    victimUserId,
    async resolve(url, param, target) {
      const unit = unitOf(target);
      if (param === 'unitId') return { value: String(unit.id), unitLinked: true };
      if (param === 'unitCode') return { value: unit.code, unitLinked: true };
      const segs = url.split('/');
      const at = segs.indexOf(`:${param}`);
      const before = at > 0 ? segs[at - 1] : '';
      if (param === 'itemCode') return leafOfCycle(unit.id);
      let segment: string;
      if (param === 'id') segment = before;
      else if (/Id$/.test(param)) segment = param.slice(0, -2);
      else return { skip: `no sample value for :${param} (not an id); add one in test/security/route-matrix.ts` };
      if (segment === 'units') return { value: String(unit.id), unitLinked: true };
      // A cycle is nobody's row, but its sub-routes only make sense on a cycle that assesses the target unit.
      if (segment === 'cycles') {
        const row = (await sql<{ cycle_id: unknown }>`select cycle_id from cycle_units where unit_id = ${unit.id} order by cycle_id desc limit 1`.execute(t.ctx.db)).rows[0];
        if (!row) return { skip: `no cycle assesses ${unit.code} in the demo data` };
        lastCycleId = Number(row.cycle_id);
        return { value: String(row.cycle_id), unitLinked: false };
      }
      if (segment === 'users') return { value: String(victimUserId), unitLinked: false };
      const table = findTable(segment);
      if (!table || !tables.get(table)!.has('id')) return { skip: `:${param} of "${before}": no table found for it` };
      const hasUnit = tables.get(table)!.has('unit_id');
      const q = hasUnit
        ? sql<{ id: unknown }>`select id from ${sql.table(table)} where unit_id = ${unit.id} order by id limit 1`
        : sql<{ id: unknown }>`select id from ${sql.table(table)} order by id limit 1`;
      const row = (await q.execute(t.ctx.db)).rows[0];
      if (!row) return { skip: `:${param} → ${table}${hasUnit ? ` has no row of ${unit.code}` : ' is empty'} in the demo data` };
      return { value: String(row.id), unitLinked: hasUnit };
    },
  };
}

export interface Probe {
  url: string;
  skip?: string;
  /** some path parameter names the target unit or one of its rows */
  unitLinked: boolean;
}

/** The URL of a route with every path parameter resolved for the target, or why it cannot be built. */
export async function buildUrl(r: RouteDef, target: Target, resolver: ParamResolver): Promise<Probe> {
  let url = r.url;
  let unitLinked = false;
  for (const p of pathParams(r.url)) {
    // a public route's access cannot depend on the value: any placeholder shows whether it is reachable
    const v = r.access.kind === 'public' ? { value: 'security-probe', unitLinked: false } : await resolver.resolve(r.url, p, target);
    if ('skip' in v) return { url, skip: v.skip, unitLinked };
    unitLinked ||= v.unitLinked;
    url = url.replace(`:${p}`, encodeURIComponent(v.value));
  }
  return { url, unitLinked };
}

/**
 * Sends the probe request: GETs as they are; mutations with a body that carries only the unit locator (if
 * any), so a permitted caller gets past authorization and is stopped by validation (400) instead of
 * changing data; uploads with an empty file (refused as empty after authorization).
 */
export async function sendProbe(client: Client, r: RouteDef, url: string, target: Target, units: Units) {
  const unit = target === 'own' ? units.own : units.other;
  const loc = r.access.kind === 'permission' ? r.access.unit : undefined;
  const locValue = loc?.kind === 'unitCode' ? unit.code : unit.id;
  let full = url;
  if (loc?.from === 'query') full += `${url.includes('?') ? '&' : '?'}${loc.key}=${encodeURIComponent(String(locValue))}`;
  if (r.upload) return client.upload(full, 'probe.csv', Buffer.alloc(0));
  if (!isMutation(r)) return client.request({ method: r.method, url: full });
  const body = loc?.from === 'body' ? { [loc.key]: locValue } : {};
  return client.request({ method: r.method, url: full, payload: body });
}
