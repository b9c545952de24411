// The bulk load of a real-sized dossier file on PostgreSQL (chosen by the import when the file is at least
// as large as the table; see onestop.import.ts). Everything happens in ONE transaction on one connection:
//   lock onestop_dossiers, note and drop its indexes (the primary key and the partial index of open dossiers
//   stay when the table is empty) → binary
//   COPY of every row straight into the heap while the file is read → (a table that had rows) the stored
//   dossiers the file brings again give way →
//   build the indexes again → the monthly summary from the counts tallied while reading → commit.
// Why this shape: maintaining three indexes row by row costs about three times the heap writes, a staging
// table costs a second write and read of every row, and text COPY makes the server parse every timestamp;
// building the indexes once and sending binary tuples leaves the server little more than the writes.
// Nothing is visible before the commit, and a refused file (a row refused, a code twice) rolls back to the
// old rows and indexes. The price: from the lock to the commit, readers of onestop_dossiers wait.
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Db, dbOnClient } from '../../db/database';
import { BinaryCopyWriter } from '../../db/pg-binary-copy';
import { MonthlyTally } from '../../domain/onestop/monthly-tally';
import { isLinePiece, PlainLines, widthError } from '../../formats/csv-lines';
import { FileFormatError } from '../../formats/file-format-error';
import { type DossierItem, recordsOf } from './onestop.dossier-lines';
import type { FastRow } from './onestop.fast-row';
import type { DossierImportOutcome } from './onestop.import';
import * as repo from './onestop.repository';
import { type DossierRowReader, MAX_ISSUES_KEPT, PROGRESS_EVERY, progressWriter } from './onestop.row-reader';
import { SeenCodes } from './onestop.seen-codes';

const FIELDS = repo.DOSSIER_TABLE_COLUMNS.length;

/** One dossier as a binary tuple of onestop_dossiers (DOSSIER_TABLE_COLUMNS order and types). */
function writeTuple(w: BinaryCopyWriter, r: FastRow, importId: number): void {
  w.tuple(FIELDS, 320 + 3 * ((r.codeBytes ? r.codeTo - r.codeFrom : r.code.length) + r.procedureCode.length + r.channel.length));
  if (r.codeBytes) w.bytes(r.codeBytes, r.codeFrom, r.codeTo);
  else w.text(r.code);
  w.text(r.procedureCode);
  w.int8(r.unitId);
  w.text(r.channel);
  instant(w, r.receivedAt);
  instant(w, r.dueAt);
  instant(w, r.resolvedAt);
  instant(w, r.returnedAt);
  if (r.status === null) w.null();
  else w.int2(r.status);
  w.int4(r.pausedDays);
  instant(w, r.apologyAt);
  instant(w, r.newDueAt);
  w.bool(r.paidOnline);
  w.bool(r.digitized);
  w.bool(r.eResult);
  if (r.rating === null) w.null();
  else w.int2(r.rating);
  w.bool(r.received);
  date(w, r.receivedDay);
  if (r.receivedYm === null) w.null();
  else w.int4(r.receivedYm);
  date(w, r.resolvedDay);
  date(w, r.dueDay);
  w.bool(r.dueComputed);
  w.text(r.outcome);
  w.bool(r.apologyOk);
  w.int8(importId);
}

const instant = (w: BinaryCopyWriter, ms: number | null) => (ms === null ? w.null() : w.timestamptz(ms));
const date = (w: BinaryCopyWriter, day: number | null) => (day === null ? w.null() : w.date(day));

export interface BulkLoadInput {
  db: Db;
  pool: pg.Pool;
  jobId: number;
  reader: DossierRowReader;
  records: AsyncIterable<DossierItem>;
  /** Whether the table held dossiers before (they may be replaced, and their months recounted). */
  tableHadRows: boolean;
  onMerged?: (trx: Db, outcome: DossierImportOutcome) => Promise<void>;
  /** Tests: a SeenCodes that reports a collision, to run the path a real one takes once in 10^8 files. */
  seen?: SeenCodes;
}

/** Where the bulk load's reading loop puts each row read. */
export interface RowSink {
  reader: DossierRowReader;
  records: AsyncIterable<DossierItem>;
  importId: number;
  tally: MonthlyTally;
  seen: SeenCodes;
  /** The COPY's tuples, and the held-back rows of suspected repeats. */
  copy: BinaryCopyWriter;
  hold: BinaryCopyWriter;
  /** A promise while the COPY's socket is full (after a write said so), to be awaited before the next row. */
  drained(): Promise<unknown> | undefined;
  /** Called every PROGRESS_EVERY rows. */
  progress(): void;
}

/**
 * The bulk load's reading loop: every record read, tallied, checked for a repeated code and written as a
 * binary tuple (bench/lib/dossier-import-child.ts also runs it without a database, for node's own cost).
 */
export async function readRowsInto(s: RowSink): Promise<void> {
  const { reader, tally, seen, copy, hold, importId } = s;
  /** Stores a row read at file row `row`: a promise while the COPY's socket is full. */
  const take = (r: FastRow, row: number) => {
    tally.add(r);
    if (r.codeBytes ? seen.addAscii(r.codeBytes, r.codeFrom, r.codeTo, row) : seen.add(r.code, row))
      writeTuple(hold, r, importId);
    else writeTuple(copy, r, importId);
    return s.drained();
  };
  for await (const item of s.records) {
    if (isLinePiece(item)) {
      // plain lines: each read in its bytes (reader.readLine)
      const lines = new PlainLines(item.buf, item.width);
      while (lines.next()) {
        const row = reader.rows + 2; // row 1 is the header
        if (lines.cells !== item.width) throw widthError(row, lines.cells, item.width);
        const r = reader.readLine(lines, item.columns, row);
        if (r !== null) {
          const full = take(r, row);
          if (full) await full;
        }
        if (reader.rows % PROGRESS_EVERY === 0) s.progress();
      }
      continue;
    }
    const batch = recordsOf(item);
    for (let k = 0; k < batch.length; k++) {
      const row = reader.rows + 2;
      const r = reader.read(batch[k], row);
      if (r !== null) {
        const full = take(r, row);
        if (full) await full;
      }
      if (reader.rows % PROGRESS_EVERY === 0) s.progress();
    }
  }
}

export async function bulkLoad(input: BulkLoadInput): Promise<DossierImportOutcome> {
  const { db, jobId, reader } = input;
  const client = await input.pool.connect();
  const trx = dbOnClient(client);
  let copying: ReturnType<typeof copyFrom> | null = null;
  let broken: Error | undefined;
  try {
    await client.query('begin');
    await repo.beginMerge(trx, jobId);
    // Into an empty table the primary key stays: kept up row by row while node reads (the server has time to
    // spare then), it is not built afterwards. A table with rows loses it too, as the file's codes may be there.
    const indexes = await repo.dropDossierIndexes(trx, !input.tableHadRows);
    if (!indexes) throw new Error('onestop_dossiers is referenced by a foreign key: the bulk load cannot drop its primary key');

    // binary COPY of every row while the file is read; the server writes while node parses the next rows
    const stream = client.query(copyFrom(repo.bulkCopySql()));
    copying = stream;
    const copied = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    copied.catch(() => {});
    let blocked = false;
    const w = new BinaryCopyWriter((chunk) => {
      if (!stream.write(chunk)) blocked = true;
    });
    const tally = new MonthlyTally();
    const seen = input.seen ?? new SeenCodes();
    // Rows whose code looks repeated are held back, never written: with the primary key in place a repeat
    // would fail the COPY; they go in after all only if the code turns out not to be there (a hash collision).
    const held: Buffer[] = [];
    const hold = new BinaryCopyWriter((chunk) => held.push(chunk));
    await repo.updateJob(db, jobId, { phase: 'parsing' });
    const progress = progressWriter(() => repo.updateJob(db, jobId, { rows_processed: reader.rows, error_count: reader.issueCount }));
    await readRowsInto({
      reader,
      records: input.records,
      importId: jobId,
      tally,
      seen,
      copy: w,
      hold,
      drained: () => {
        if (!blocked) return undefined;
        blocked = false;
        return Promise.race([once(stream, 'drain'), copied]);
      },
      progress: () => progress.note(),
    });
    if (reader.rows === 0) throw new FileFormatError([{ row: 2, field: '', message: 'Tệp không có dòng hồ sơ nào' }]);
    if (reader.issueCount > 0) {
      const { issues, issueCount } = reader;
      throw new FileFormatError(issues.length < issueCount ? [...issues, { row: 0, field: '', message: `… tổng cộng ${issueCount} lỗi` }] : issues);
    }
    w.end();
    stream.end();
    await copied;
    copying = null;
    await progress.settle();
    await repo.updateJob(db, jobId, { rows_processed: reader.rows, phase: 'merging' });

    // A code twice in the file: the rows SeenCodes held back whose code this job did write.
    if (seen.suspects.length > 0 || seen.overflowed) {
      const written = await repo.jobCodesAmong(trx, jobId, seen.suspects.map((s) => s.code));
      const dups = seen.suspects.filter((s) => written.has(s.code)).sort((a, b) => a.firstRow - b.firstRow || a.row - b.row);
      if (dups.length > 0 || seen.overflowed) {
        const issues = dups.slice(0, MAX_ISSUES_KEPT).map((d) => ({ row: d.row, field: 'dossier_code', message: `mã hồ sơ "${d.code}" trùng với dòng ${d.firstRow}` }));
        if (seen.overflowed) issues.push({ row: 0, field: 'dossier_code', message: `… và còn nhiều mã hồ sơ trùng khác (hơn ${seen.suspects.length})` });
        throw new FileFormatError(issues);
      }
      // none repeated after all: the held rows go in
      hold.end();
      await pipeline(Readable.from(held), client.query(copyFrom(repo.bulkCopySql())));
    }
    const replaced = input.tableHadRows ? await repo.replaceOlderDossiers(trx, jobId) : 0;
    await repo.insertMonthlyDelta(trx, jobId, tally.result());
    await repo.noteDeltaMonths(trx, jobId);
    await repo.restoreDossierIndexes(trx, indexes);
    const rows = reader.rows;
    const outcome: DossierImportOutcome = {
      rows,
      inserted: rows - replaced,
      updated: replaced,
      months: await repo.finishMerge(trx, jobId, replaced === 0),
      received: reader.received,
      warnings: reader.warnings(),
    };
    await input.onMerged?.(trx, outcome);
    await client.query('commit');
    return outcome;
  } catch (err) {
    broken = err as Error;
    if (copying) {
      // a COPY in progress: end it with an error (CopyFail), then the transaction can be rolled back
      copying.destroy(new Error('import aborted'));
      await once(copying, 'close').catch(() => {});
    }
    await client.query('rollback').catch(() => {});
    if ((err as { code?: string }).code === '23505') {
      // a unique violation SeenCodes should have seen first (equal codes hash alike): never shown raw
      const detail = /\(dossier_code\)=\((.*)\)/.exec((err as { detail?: string }).detail ?? '')?.[1];
      throw new FileFormatError([{ row: 0, field: 'dossier_code', message: `mã hồ sơ "${detail ?? '?'}" xuất hiện nhiều lần trong tệp` }]);
    }
    throw err;
  } finally {
    // a connection whose rollback failed is discarded, not handed back to the pool mid-transaction
    client.release(broken && !(broken instanceof FileFormatError) ? broken : undefined);
  }
}
