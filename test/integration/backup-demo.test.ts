// chiso backup / restore (src/db/backup.ts) on the demo province: what comes back equals what went out,
// the summaries kept by triggers included — they are rebuilt from the restored rows, never restored beside them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database';
import { backupTo, restoreFrom } from '../../src/db/backup';
import { type TestApp, createTestApp, freshDatabase, testDatabaseKind } from '../helpers/test-app';

let t: TestApp;
const dir = mkdtempSync(path.join(tmpdir(), 'chiso-backup-'));

beforeAll(async () => {
  t = await createTestApp({ demo: true });
}, 300_000);
afterAll(async () => {
  await t?.close();
});

const rowsOf = async (db: Db, table: string, order: string) =>
  (await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(db)).rows;
const count = async (db: Db, table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0].n);

async function restoredCopy(file: string) {
  const copy = await freshDatabase();
  try {
    await restoreFrom(copy.db, file);
    return {
      cells: await rowsOf(copy.db, 'survey_cells', 'campaign_id, unit_id, channel, month'),
      packs: await rowsOf(copy.db, 'assessment_score_packs', 'cycle_id, unit_id'),
      responses: await count(copy.db, 'survey_responses'),
      scores: await count(copy.db, 'assessment_scores'),
      dossiers: await count(copy.db, 'onestop_dossiers'),
      monthly: await rowsOf(copy.db, 'onestop_monthly', 'unit_id, ym, channel'),
      cycles: await rowsOf(copy.db, 'cycles', 'id'),
    };
  } finally {
    await copy.close();
  }
}

describe(`backup and restore of the demo province on ${testDatabaseKind()}`, () => {
  it('restores every row, and the trigger-kept summaries equal the source’s (not doubled)', async () => {
    const db = t.ctx.db;
    const source = {
      cells: await rowsOf(db, 'survey_cells', 'campaign_id, unit_id, channel, month'),
      packs: await rowsOf(db, 'assessment_score_packs', 'cycle_id, unit_id'),
      responses: await count(db, 'survey_responses'),
      scores: await count(db, 'assessment_scores'),
      dossiers: await count(db, 'onestop_dossiers'),
      monthly: await rowsOf(db, 'onestop_monthly', 'unit_id, ym, channel'),
      cycles: await rowsOf(db, 'cycles', 'id'),
    };
    // locked cycles (their rows are refused while locked) come back locked
    expect(source.cycles.filter((c) => c.locked_at !== null).length).toBeGreaterThan(0);
    // the demo has something in each, or the comparison proves nothing
    for (const k of ['responses', 'scores', 'dossiers'] as const) expect(source[k], k).toBeGreaterThan(0);
    expect(source.cells.length).toBeGreaterThan(0);
    expect(source.packs.length).toBeGreaterThan(0);

    const file = path.join(dir, 'demo.chiso.gz');
    await backupTo(db, file);
    const tables = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean).slice(1).map((l) => (JSON.parse(l) as { table: string }).table);
    expect(tables).toContain('survey_responses');
    expect(tables).not.toContain('survey_cells');
    expect(tables).not.toContain('assessment_score_packs');

    expect(await restoredCopy(file)).toEqual(source);

    // A backup written before the summaries were kept out carries survey_cells ahead of survey_responses:
    // restoring it must still count each response once.
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
    const at = lines.findIndex((l) => (JSON.parse(l) as { table: string }).table === 'survey_responses');
    const oldStyle = [...lines.slice(0, at), JSON.stringify({ table: 'survey_cells', rows: source.cells }), ...lines.slice(at)];
    const oldFile = path.join(dir, 'old-style.chiso.gz');
    writeFileSync(oldFile, gzipSync(`${oldStyle.join('\n')}\n`));
    expect((await restoredCopy(oldFile)).cells).toEqual(source.cells);
  });
});
