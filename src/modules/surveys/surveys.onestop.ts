// One-stop data seen from the surveys: dossier volumes per unit and channel for the sample-size planner,
// post-stratified weights and response rates. Without any imported dossier every caller falls back to the
// typed populations.
import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface DossierVolume {
  unitId: number;
  /** dossier channel as in dossiers.csv: online | direct | postal */
  channel: string;
  received: number;
  returned: number;
}

/** One-stop data exists once any dossier has been imported. */
export async function hasOnestopData(db: Db): Promise<boolean> {
  return (await db.selectFrom('onestop_dossiers').select('dossier_code').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Dossiers received (and returned) per unit and channel in [from, to] (dates in Vietnam time, the period of
 * the campaign), or null when there is no one-stop data. "Received" is the import's own classification
 * (formats.md: a receipt date and a status other than 1 or 3).
 */
export async function dossierVolumes(db: Db, unitIds: readonly number[], from: string, to: string): Promise<DossierVolume[] | null> {
  if (!(await hasOnestopData(db))) return null;
  if (unitIds.length === 0) return [];
  const r = await sql<{ unit_id: number; channel: string; received: number; returned: number }>`
    select unit_id, channel,
      count(*) filter (where received and received_date between ${from}::date and ${to}::date) as received,
      count(*) filter (where (returned_at at time zone 'Asia/Ho_Chi_Minh')::date between ${from}::date and ${to}::date) as returned
    from onestop_dossiers
    where unit_id in (${sql.join(unitIds)})
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
