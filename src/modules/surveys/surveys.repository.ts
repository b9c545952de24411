// SQL of the surveys feature other than the hot insert (surveys.live.ts) and the index sums (surveys.results.ts).
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { UnitScope } from '../identity/access';

export async function listForms(db: Db) {
  return sql<{ id: number; code: string; version: number; title: string; unit_group: string; definition: unknown; created_at: Date; versions: number }>`
    select f.id, f.code, f.version, f.title, f.unit_group, f.definition, f.created_at,
      (select count(*)::int from survey_forms g where g.code = f.code) as versions
    from survey_forms f
    where f.version = (select max(version) from survey_forms g where g.code = f.code)
    order by f.code`
    .execute(db)
    .then((r) => r.rows);
}

export function formVersions(db: Db, code: string) {
  return db.selectFrom('survey_forms').select(['id', 'version', 'definition', 'created_at']).where('code', '=', code).orderBy('version').execute();
}

export function findForm(db: Db, id: number) {
  return db
    .selectFrom('survey_forms as f')
    .select(['f.id', 'f.code', 'f.version', 'f.title', 'f.unit_group', 'f.definition', 'f.created_at', sql<number>`(select count(*)::int from survey_forms g where g.code = f.code)`.as('versions')])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

export async function insertFormVersion(db: Db, f: { code: string; title: string; unitGroup: string; definition: unknown; userId: number | null }) {
  const prev = await db.selectFrom('survey_forms').select(sql<number>`coalesce(max(version), 0)`.as('v')).where('code', '=', f.code).executeTakeFirstOrThrow();
  return db
    .insertInto('survey_forms')
    .values({ code: f.code, version: Number(prev.v) + 1, title: f.title, unit_group: f.unitGroup, definition: JSON.stringify(f.definition), created_by: f.userId })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export async function listCampaigns(db: Db) {
  return sql<{
    id: number;
    code: string;
    name: string;
    form_id: number;
    form_code: string;
    form_version: number;
    form_title: string;
    definition: unknown;
    period_start: string;
    period_end: string;
    channels: string[];
    status: 'draft' | 'open' | 'closed';
    margin: number | null;
    units: number;
    responses: number;
  }>`
    select c.id, c.code, c.name, c.form_id, f.code as form_code, f.version as form_version, f.title as form_title, f.definition,
      c.period_start, c.period_end, c.channels, c.status, c.margin,
      (select count(*)::int from survey_campaign_units cu where cu.campaign_id = c.id) as units,
      (select coalesce(sum(x.responses), 0)::int from survey_cells x where x.campaign_id = c.id) as responses
    from survey_campaigns c join survey_forms f on f.id = c.form_id
    order by c.period_start desc, c.code`
    .execute(db)
    .then((r) => r.rows);
}

export async function findCampaign(db: Db, id: number) {
  return (await listCampaigns(db)).find((c) => c.id === id);
}

export function campaignUnits(db: Db, campaignId: number, scope: UnitScope = 'all') {
  let q = db
    .selectFrom('survey_campaign_units as cu')
    .innerJoin('units as u', 'u.id', 'cu.unit_id')
    .select(['u.id', 'u.code', 'u.name', 'cu.target', 'cu.population'])
    .where('cu.campaign_id', '=', campaignId)
    .orderBy('u.code');
  if (scope !== 'all') q = q.where('u.id', 'in', scope.size ? [...scope] : [-1]);
  return q.execute();
}

/** Responses per unit × channel (all, pending review, rejected), from the summary cells. */
export function progressCounts(db: Db, campaignId: number) {
  return sql<{ unit_id: number; channel: string; n: number; pending: number; rejected: number }>`
    select unit_id, channel, sum(responses)::int as n, sum(pending)::int as pending, sum(rejected)::int as rejected
    from survey_cells where campaign_id = ${campaignId}
    group by unit_id, channel
    having sum(responses) <> 0`
    .execute(db)
    .then((r) => r.rows);
}

export function responsesForReview(db: Db, campaignId: number, review: string, limit: number) {
  return db
    .selectFrom('survey_responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'u.code as unit_code', 'u.name as unit_name', 'r.channel', 'r.submitted_at', 'r.started_at', 'r.flags', 'r.review', 'r.answers', 'r.dossier_code'])
    .where('r.campaign_id', '=', campaignId)
    .where('r.review', '=', review as 'pending')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}
