// All SQL of the assessment feature: cycles, their frameworks and units, scores of every stage, evidence files.
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { CycleState, DbStage } from './assessments.tables';

export interface Timeline {
  selfOpensAt: Date;
  selfClosesAt: Date;
  appraisalClosesAt: Date;
  explanationOpensAt: Date;
  explanationClosesAt: Date;
  secondReviewClosesAt: Date;
  publicationAt: Date;
}

const timelineColumns = (t: Timeline) => ({
  self_opens_at: t.selfOpensAt,
  self_closes_at: t.selfClosesAt,
  appraisal_closes_at: t.appraisalClosesAt,
  explanation_opens_at: t.explanationOpensAt,
  explanation_closes_at: t.explanationClosesAt,
  second_review_closes_at: t.secondReviewClosesAt,
  publication_at: t.publicationAt,
});

export async function insertCycle(db: Db, c: { name: string; year: number; allowNewEvidence: boolean; timeline: Timeline; isDemo?: boolean }) {
  const row = await db
    .insertInto('cycles')
    .values({ name: c.name, year: c.year, allow_new_evidence: c.allowNewEvidence, is_demo: c.isDemo ?? false, ...timelineColumns(c.timeline) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCycle(db: Db, id: number, c: { name?: string; allowNewEvidence?: boolean; timeline?: Timeline }) {
  await db
    .updateTable('cycles')
    .set({
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.allowNewEvidence !== undefined ? { allow_new_evidence: c.allowNewEvidence } : {}),
      ...(c.timeline ? timelineColumns(c.timeline) : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function setCycleState(db: Db, id: number, state: CycleState, extra: { releasedAt?: Date; lockedAt?: Date; publishedAt?: Date } = {}) {
  await db
    .updateTable('cycles')
    .set({
      state,
      ...(extra.releasedAt ? { released_at: extra.releasedAt } : {}),
      ...(extra.lockedAt ? { locked_at: extra.lockedAt } : {}),
      ...(extra.publishedAt ? { published_at: extra.publishedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export function findCycle(db: Db, id: number) {
  return db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
}
export type CycleRow = NonNullable<Awaited<ReturnType<typeof findCycle>>>;

/** Row lock for state changes, so two transitions cannot interleave. */
export function lockCycleRow(db: Db, id: number) {
  return db.selectFrom('cycles').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listCycles(db: Db) {
  return db.selectFrom('cycles').selectAll().orderBy('year', 'desc').orderBy('id', 'desc').execute();
}

export function cycleFrameworks(db: Db, cycleId: number) {
  return db
    .selectFrom('cycle_frameworks')
    .innerJoin('frameworks', 'frameworks.id', 'cycle_frameworks.framework_id')
    .select(['cycle_frameworks.unit_group', 'frameworks.id', 'frameworks.code', 'frameworks.status', 'frameworks.tree', 'frameworks.updated_at'])
    .where('cycle_frameworks.cycle_id', '=', cycleId)
    .orderBy('cycle_frameworks.unit_group')
    .execute();
}

export async function insertCycleFrameworks(db: Db, cycleId: number, rows: { unitGroup: string; frameworkId: number }[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('cycle_frameworks')
    .values(rows.map((r) => ({ cycle_id: cycleId, unit_group: r.unitGroup, framework_id: r.frameworkId })))
    .execute();
}

export async function insertCycleUnits(db: Db, cycleId: number, rows: { unitId: number; frameworkId: number }[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('cycle_units')
      .values(rows.slice(i, i + 1000).map((r) => ({ cycle_id: cycleId, unit_id: r.unitId, framework_id: r.frameworkId })))
      .execute();
  }
}

export function listCycleUnits(db: Db, cycleId: number) {
  return db
    .selectFrom('cycle_units')
    .innerJoin('units', 'units.id', 'cycle_units.unit_id')
    .select(['cycle_units.unit_id', 'cycle_units.framework_id', 'cycle_units.status', 'cycle_units.submitted_at', 'units.code', 'units.name', 'units.group_code'])
    .where('cycle_units.cycle_id', '=', cycleId)
    .orderBy('units.code')
    .execute();
}

export function findCycleUnit(db: Db, cycleId: number, unitId: number) {
  return db
    .selectFrom('cycle_units')
    .innerJoin('units', 'units.id', 'cycle_units.unit_id')
    .select(['cycle_units.unit_id', 'cycle_units.framework_id', 'cycle_units.status', 'cycle_units.submitted_at', 'units.code', 'units.name', 'units.group_code'])
    .where('cycle_units.cycle_id', '=', cycleId)
    .where('cycle_units.unit_id', '=', unitId)
    .executeTakeFirst();
}
export type CycleUnitRow = NonNullable<Awaited<ReturnType<typeof findCycleUnit>>>;

export async function setCycleUnitStatus(db: Db, cycleId: number, unitId: number, status: 'draft' | 'submitted', by: number | null, at: Date | null) {
  await db
    .updateTable('cycle_units')
    .set({ status, submitted_at: at, submitted_by: by })
    .where('cycle_id', '=', cycleId)
    .where('unit_id', '=', unitId)
    .execute();
}

export interface ScoreRecord {
  unit_id: number;
  item_code: string;
  stage: DbStage;
  value: string | null;
  points: number | null;
  na: boolean;
  note: string | null;
}

/** Every score of a cycle (or of one unit), only the columns scoring needs. */
export function listScores(db: Db, cycleId: number, unitId?: number): Promise<ScoreRecord[]> {
  let q = db
    .selectFrom('assessment_scores')
    .select(['unit_id', 'item_code', 'stage', 'value', 'points', 'na', 'note'])
    .where('cycle_id', '=', cycleId);
  if (unitId !== undefined) q = q.where('unit_id', '=', unitId);
  return q.execute();
}

/**
 * Each unit's scores of a cycle as the JSON text assessment_score_packs keeps (triggers on assessment_scores
 * keep it; migration 20261202_0101): a flat array, 6 values per row. 150 texts cross the wire instead of
 * 54,000 rows and JSON.parse does the decoding natively — on the results path, decoding tens of thousands of
 * driver rows cost more than scoring them, and folding them into text on every request cost more again.
 * The text is also the unit's whole score state: equal texts, equal scores (the results memo relies on it).
 */
export async function listScorePacks(db: Db, cycleId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('assessment_score_packs').select(['unit_id', 'packed']).where('cycle_id', '=', cycleId).execute();
  return new Map(rows.map((r) => [Number(r.unit_id), r.packed]));
}

/** A pack's values: six per score row, in (item_code, stage) order — see PACK. */
export type PackValues = (string | number | boolean | null)[];
/** Where each column of a score row sits in its six pack values. */
export const PACK = { width: 6, item: 0, stage: 1, points: 2, value: 3, na: 4, note: 5 } as const;

/** A pack's values; null when the text is not JSON (a NaN numeric): read that unit plainly then. */
export function parsePackValues(packed: string): PackValues | null {
  try {
    return JSON.parse(packed) as PackValues;
  } catch {
    return null;
  }
}

/** The score rows of one unit's pack values. */
export function packRecords(unitId: number, flat: PackValues): ScoreRecord[] {
  const list: ScoreRecord[] = new Array(flat.length / PACK.width);
  for (let i = 0, k = 0; i < flat.length; i += PACK.width, k++) {
    list[k] = {
      unit_id: unitId,
      item_code: flat[i + PACK.item] as string,
      stage: flat[i + PACK.stage] as DbStage,
      value: flat[i + PACK.value] as string | null,
      points: flat[i + PACK.points] as number | null,
      na: flat[i + PACK.na] as boolean,
      note: flat[i + PACK.note] as string | null,
    };
  }
  return list;
}

export function findScore(db: Db, cycleId: number, unitId: number, itemCode: string, stage: DbStage) {
  return db
    .selectFrom('assessment_scores')
    .select(['value', 'points', 'na', 'note', 'updated_at'])
    .where('cycle_id', '=', cycleId)
    .where('unit_id', '=', unitId)
    .where('item_code', '=', itemCode)
    .where('stage', '=', stage)
    .executeTakeFirst();
}

export async function upsertScore(
  db: Db,
  s: { cycleId: number; unitId: number; itemCode: string; stage: DbStage; value: string | null; points: number | null; na: boolean; note: string | null; by: number | null },
) {
  const values = { value: s.value, points: s.points, na: s.na, note: s.note, updated_by: s.by, updated_at: sql<Date>`now()` };
  await db
    .insertInto('assessment_scores')
    .values({ cycle_id: s.cycleId, unit_id: s.unitId, item_code: s.itemCode, stage: s.stage, ...values })
    .onConflict((oc) => oc.columns(['cycle_id', 'unit_id', 'item_code', 'stage']).doUpdateSet(values))
    .execute();
}

/** Bulk insert through one JSON parameter per chunk: thousands of rows in one round trip on both engines. */
export type BulkScore = Omit<ScoreRecord, 'note'> & { note?: string | null };

export async function bulkInsertScores(db: Db, cycleId: number, rows: readonly BulkScore[], by: number | null = null) {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = JSON.stringify(rows.slice(i, i + 5000));
    await sql`
      insert into assessment_scores (cycle_id, unit_id, item_code, stage, value, points, na, note, updated_by)
      select ${cycleId}::bigint, r.unit_id, r.item_code, r.stage, r.value, r.points, coalesce(r.na, false), r.note, ${by}::bigint
      from jsonb_to_recordset(${chunk}::jsonb) as r(unit_id bigint, item_code text, stage text, value text, points numeric, na boolean, note text)
      on conflict (cycle_id, unit_id, item_code, stage) do update
        set value = excluded.value, points = excluded.points, na = excluded.na, note = excluded.note,
            updated_by = excluded.updated_by, updated_at = now()`.execute(db);
  }
}

export function listFiles(db: Db, cycleId: number, unitId?: number) {
  let q = db
    .selectFrom('evidence_files')
    .select(['id', 'unit_id', 'item_code', 'stage', 'original_name', 'mime', 'size_bytes', 'uploaded_at'])
    .where('cycle_id', '=', cycleId)
    .orderBy('id');
  if (unitId !== undefined) q = q.where('unit_id', '=', unitId);
  return q.execute();
}

export function findFile(db: Db, id: number) {
  return db.selectFrom('evidence_files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFile(
  db: Db,
  f: { cycleId: number; unitId: number; itemCode: string; stage: 'self' | 'appraised' | 'explained'; originalName: string; storedName: string; mime: string; size: number; sha256: string; by: number | null },
) {
  const row = await db
    .insertInto('evidence_files')
    .values({
      cycle_id: f.cycleId,
      unit_id: f.unitId,
      item_code: f.itemCode,
      stage: f.stage,
      original_name: f.originalName,
      stored_name: f.storedName,
      mime: f.mime,
      size_bytes: f.size,
      sha256: f.sha256,
      uploaded_by: f.by,
    })
    .returning(['id', 'uploaded_at'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function deleteFile(db: Db, id: number) {
  await db.deleteFrom('evidence_files').where('id', '=', id).execute();
}

/** The latest finalized cycle before `year` that assessed units of `unitGroup`, for year-over-year. */
export function previousCycle(db: Db, year: number, unitGroup: string) {
  return db
    .selectFrom('cycles')
    .innerJoin('cycle_frameworks', 'cycle_frameworks.cycle_id', 'cycles.id')
    .select(['cycles.id', 'cycles.year', 'cycles.name'])
    .where('cycles.year', '<', year)
    .where('cycles.state', 'in', ['finalized', 'published'])
    .where('cycle_frameworks.unit_group', '=', unitGroup)
    .orderBy('cycles.year', 'desc')
    .orderBy('cycles.id', 'desc')
    .executeTakeFirst();
}

export function provinceName(db: Db) {
  return db.selectFrom('units').select(['name']).where('group_code', '=', 'province').where('valid_to', 'is', null).orderBy('id').executeTakeFirst();
}

/** Bulk status for seeding a historical cycle: every unit counted as submitted at `at`. */
export async function markAllSubmitted(db: Db, cycleId: number, at: Date) {
  await db.updateTable('cycle_units').set({ status: 'submitted', submitted_at: at }).where('cycle_id', '=', cycleId).execute();
}
