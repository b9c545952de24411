// One-stop data, when the one-stop feature has landed its `dossiers` table: dossier volumes per unit and
// channel for the sample-size planner, post-stratified weights and response rates. The table is detected
// at run time (and its unit column, code or id) so surveys work the same before and after that feature.
import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface DossierVolume {
  unitId: number;
  /** dossier channel as in dossiers.csv: online | direct | postal */
  channel: string;
  received: number;
  returned: number;
}

interface Shape {
  unit: 'unit_id' | 'unit_code';
  hasChannel: boolean;
  received: string | null;
  returned: string | null;
}

let shapeCache: { at: number; shape: Shape | null } | null = null;

async function dossierShape(db: Db): Promise<Shape | null> {
  if (shapeCache && Date.now() - shapeCache.at < 60_000) return shapeCache.shape;
  const cols = await sql<{ column_name: string }>`
    select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'dossiers'`.execute(db);
  const names = new Set(cols.rows.map((r) => r.column_name));
  let shape: Shape | null = null;
  if (names.size > 0 && (names.has('unit_id') || names.has('unit_code'))) {
    shape = {
      unit: names.has('unit_id') ? 'unit_id' : 'unit_code',
      hasChannel: names.has('channel'),
      received: names.has('received_at') ? 'received_at' : null,
      returned: names.has('returned_at') ? 'returned_at' : null,
    };
  }
  shapeCache = { at: Date.now(), shape };
  return shape;
}

export async function hasOnestopData(db: Db): Promise<boolean> {
  return (await dossierShape(db)) !== null;
}

/**
 * Dossiers received (and returned) per unit and channel in [from, to] (dates in Vietnam time, the period of
 * the campaign), or null when there is no one-stop data.
 */
export async function dossierVolumes(db: Db, unitIds: readonly number[], from: string, to: string): Promise<DossierVolume[] | null> {
  const shape = await dossierShape(db);
  if (!shape || unitIds.length === 0) return shape ? [] : null;
  const unitExpr = shape.unit === 'unit_id' ? sql`d.unit_id` : sql`u.id`;
  const join = shape.unit === 'unit_id' ? sql`` : sql`join units u on u.code = d.unit_code`;
  const channel = shape.hasChannel ? sql`coalesce(d.channel, 'direct')` : sql`'direct'`;
  const inPeriod = (col: string) =>
    sql`(${sql.ref(`d.${col}`)} at time zone 'Asia/Ho_Chi_Minh')::date between ${from}::date and ${to}::date`;
  const received = shape.received ? sql`count(*) filter (where ${inPeriod(shape.received)})` : sql`count(*)`;
  const returned = shape.returned ? sql`count(*) filter (where ${inPeriod(shape.returned)})` : sql`0`;
  const r = await sql<{ unit_id: number; channel: string; received: number; returned: number }>`
    select ${unitExpr} as unit_id, ${channel} as channel, ${received} as received, ${returned} as returned
    from dossiers d ${join}
    where ${unitExpr} in (${sql.join(unitIds)})
    group by 1, 2`.execute(db);
  return r.rows.map((x) => ({ unitId: Number(x.unit_id), channel: x.channel, received: Number(x.received), returned: Number(x.returned) }));
}

/**
 * The dossier channel a response stands for when post-stratifying: people who filed online answer the web
 * link; those served at the counter answer by QR, kiosk, paper or an interviewer.
 */
export function stratumOfChannel(channel: string): 'online' | 'direct' {
  return channel === 'web' ? 'online' : 'direct';
}
