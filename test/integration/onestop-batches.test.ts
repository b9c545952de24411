// The dossier import's merge in batches (PostgreSQL upserts each COPY batch while the next is parsed): with
// batches of 2 rows, a file of 7 dossiers spans 4 batches. Same answers as one merge: counts, the monthly
// summary, re-import as updates (the months a dossier leaves are rebuilt), and a code repeated in two
// batches refused with its row numbers and nothing written. On the embedded engine the same file goes
// through the one-merge path, so both paths are held to the same numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { WorkingCalendar } from '../../src/domain/calendar/working-calendar';
import type { Procedure } from '../../src/domain/onestop/types';
import type { CsvRecord } from '../../src/formats/csv';
import { FileFormatError } from '../../src/formats/file-format-error';
import { onestopSettings } from '../../src/modules/onestop/onestop.config';
import { type DossierImportOutcome, stageAndMerge } from '../../src/modules/onestop/onestop.import';
import * as repo from '../../src/modules/onestop/onestop.repository';
import { freshDatabase, testDatabaseKind } from '../helpers/test-app';

let database: Database;
const P1: Procedure = { code: 'P1', name: 'Thủ tục 1', sector: '', level: '', processingDays: 5, processingHours: null, onlineLevel: null, feeVnd: null, cutPercent: null, unitCode: null };
let unitId: number;

const rec = (code: string, channel: string, received: string, due: string, resolved: string): CsvRecord => ({
  dossier_code: code,
  procedure_code: 'P1',
  unit_code: 'U1',
  channel,
  received_at: received,
  due_at: due,
  resolved_at: resolved,
  status: '10',
});
const march = (code: string, channel: string) => rec(code, channel, '2025-03-03T09:00', '2025-03-10', '2025-03-07T15:00');
const FILE = [march('D1', 'online'), march('D2', 'online'), march('D3', 'online'), march('D4', 'online'), march('D5', 'direct'), march('D6', 'direct'), march('D7', 'direct')];

async function* records(rows: CsvRecord[]) {
  for (const r of rows) yield r;
}

async function runImport(rows: CsvRecord[]): Promise<DossierImportOutcome> {
  const { db } = database;
  const { id } = await repo.createJob(db, 'dossiers', 'batches.csv', null, null);
  try {
    return await stageAndMerge(
      {
        db,
        database,
        jobId: id,
        units: new Map([['U1', unitId]]),
        procedures: new Map([['P1', P1]]),
        calendar: new WorkingCalendar([]),
        rules: onestopSettings().rules,
        asOf: '2025-12-31',
        batchRows: 2,
      },
      records(rows),
    );
  } finally {
    await repo.dropStage(db, id);
  }
}

const monthly = async () =>
  (await database.db.selectFrom('onestop_monthly').select(['ym', 'channel', 'received', 'resolved', 'early']).where('unit_id', '=', unitId).orderBy('ym').orderBy('channel').execute()).map(
    (r) => [r.ym, r.channel, r.received, r.resolved, r.early],
  );

beforeAll(async () => {
  database = await freshDatabase();
  unitId = (await database.db.insertInto('units').values({ code: 'U1', name: 'Đơn vị 1', group_code: 'commune' }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await database?.close();
});

describe(`dossier import in batches of 2 rows (${testDatabaseKind()})`, () => {
  it('inserts all 7 dossiers and builds the monthly summary', async () => {
    const o = await runImport(FILE);
    expect(o).toMatchObject({ rows: 7, inserted: 7, updated: 0, months: 1 });
    // March 2025: D1–D4 online, D5–D7 direct, each resolved 7/3, before its due date 10/3 → early
    expect(await monthly()).toEqual([
      [202503, 'direct', 3, 3, 3],
      [202503, 'online', 4, 4, 4],
    ]);
  });

  it('re-importing updates; the month a moved dossier leaves is rebuilt', async () => {
    const moved = [rec('D1', 'online', '2025-04-01T09:00', '2025-04-08', '2025-04-02T10:00'), ...FILE.slice(1)];
    const o = await runImport(moved);
    expect(o).toMatchObject({ rows: 7, inserted: 0, updated: 7, months: 2 }); // months: 03 (left by D1) and 04
    expect(await monthly()).toEqual([
      [202503, 'direct', 3, 3, 3],
      [202503, 'online', 3, 3, 3], // 4 − D1
      [202504, 'online', 1, 1, 1], // D1
    ]);
    const n = await database.db.selectFrom('onestop_dossiers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(7);
  });

  it.each([
    ['a new code', 'N2'],
    ['a code already stored', 'D2'],
  ])('refuses %s repeated in two batches with both rows, and writes nothing', async (_what, code) => {
    // rows 2..7 (header = 1): N1, <code>, N3, N4, <code>, N5 → batches [2,3] [4,5] [6,7]: the repeat is in batch 3
    const file = [march('N1', 'online'), march(code, 'online'), march('N3', 'direct'), march('N4', 'direct'), march(code, 'direct'), march('N5', 'direct')];
    const before = await monthly();
    const err = await runImport(file).catch((e) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    expect((err as FileFormatError).issues).toEqual([{ row: 6, field: 'dossier_code', message: `mã hồ sơ "${code}" trùng với dòng 3` }]);
    const written = await database.db.selectFrom('onestop_dossiers').select('dossier_code').where('dossier_code', 'in', ['N1', 'N3', 'N4', 'N5', 'N2']).execute();
    expect(written).toEqual([]);
    expect(await monthly()).toEqual(before);
  });

  it('new dossiers only (batches [2,3] [4,5] [6]): counts added to the months already stored', async () => {
    const o = await runImport([march('E1', 'postal'), march('E2', 'postal'), march('E3', 'postal'), march('E4', 'postal'), rec('E5', 'online', '2025-04-02T09:00', '2025-04-09', '')]);
    expect(o).toMatchObject({ rows: 5, inserted: 5, updated: 0, months: 2 });
    // only new dossiers: their counts are added to the stored months
    expect(await monthly()).toEqual([
      [202503, 'direct', 3, 3, 3],
      [202503, 'online', 3, 3, 3],
      [202503, 'postal', 4, 4, 4], // E1–E4
      [202504, 'online', 2, 1, 1], // D1 + E5 (E5 still open: received, not resolved)
    ]);
  });

  it('a file of exactly two batches (the last COPY empty) imports too', async () => {
    const may = (code: string) => rec(code, 'postal', '2025-05-05T09:00', '2025-05-12', '2025-05-06T10:00');
    const o = await runImport([may('F1'), may('F2'), may('F3'), may('F4')]);
    expect(o).toMatchObject({ rows: 4, inserted: 4, updated: 0, months: 1 });
    expect((await monthly()).at(-1)).toEqual([202505, 'postal', 4, 4, 4]); // F1–F4, resolved 6/5 before 12/5
  });
});
