// The streaming dossier import. A file of a million rows never sits whole in memory: bytes flow through
// our RFC 4180 parser (formats/csv-stream.ts) and parseDossierRow one record at a time, each dossier is
// classified and written to an UNLOGGED per-job staging table, and the staged rows are merged into
// onestop_dossiers in ONE transaction — all or nothing.
// PostgreSQL: the rows go by COPY in batches of MERGE_BATCH, each batch its own table inheriting from the
// stage; the merge transaction is open from the first row and upserts each batch as soon as its COPY has
// committed, while the next one is parsed — node and the database work at the same time, not in turn.
// The plain rows of an export go straight from their record to COPY text (onestop.fast-row.ts), the others
// through parseDossierRow and classifyDossier. A file at least as large as the table (useBulkLoad) is
// appended to the bare heap, its indexes dropped and built again before the commit (repository, "bulk load").
// Embedded (PGlite): a single connection, so multi-row INSERTs stage the whole file and one merge follows;
// staging happens outside that transaction so the job row (progress) stays writable and readable by the
// web app's polling. On PostgreSQL the progress writes go through other pool connections.
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Db } from '../../db/database';
import { vietnamDateOf, yearOf } from '../../domain/calendar/civil-date';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { type DossierClassification, classifyDossier, isApologyCompliant } from '../../domain/onestop/classify-dossier';
import type { OnestopRules } from '../../domain/onestop/onestop-config';
import type { Dossier, Procedure } from '../../domain/onestop/types';
import type { CsvRecord } from '../../formats/csv';
import { CsvStreamParser, CsvSyntaxError } from '../../formats/csv-stream';
import { DOSSIER_COLUMNS, REQUIRED_DOSSIER_COLUMNS, createDossierParseContext, parseDossierRow } from '../../formats/dossiers.format';
import { FileFormatError, type RowIssue } from '../../formats/file-format-error';
import { parseTable } from '../../formats/xlsx';
import { type FastRowInfo, copyString, fastStageLine } from './onestop.fast-row';
import * as repo from './onestop.repository';
import { ymOf } from './onestop.periods';

/** Issues kept and shown; the count is exact beyond that. */
export const MAX_ISSUES_KEPT = 200;
/** Rows between two progress writes to the job row. */
const PROGRESS_EVERY = 20_000;
/** Rows per multi-row INSERT on the embedded engine (25 columns × 800 < 65,535 bind parameters). */
const INSERT_BATCH = 800;
/**
 * Characters of COPY text buffered before a write to the socket. Small on purpose: the buffer is a rope of
 * the lines' pieces until it is written, and a small one dies young (a 256 KB one outlived minor GCs and
 * cost about as much in GC and flattening as making the lines).
 */
const COPY_CHUNK = 16 * 1024;

export interface DossierImportContext {
  db: Db;
  database?: Database;
  jobId: number;
  units: ReadonlyMap<string, number>;
  procedures: ReadonlyMap<string, Procedure>;
  calendar: WorkingCalendar;
  rules: OnestopRules;
  /** Vietnam date the stored `outcome` of unresolved dossiers is judged at (indicators re-judge at their own as-of). */
  asOf: string;
  /** PostgreSQL: rows per COPY batch merged while parsing goes on (default MERGE_BATCH; tests use tiny ones). */
  batchRows?: number;
  /**
   * PostgreSQL: load the heap and build the indexes at the end (true), upsert batch by batch (false), or
   * decide by the file's size next to the table's (undefined: see useBulkLoad).
   */
  bulk?: boolean;
  /** The file's likely number of rows once `rowsSoFar` are read (from its byte size), for that decision. */
  estimateRows?: (rowsSoFar: number) => number | null;
}

export interface DossierImportOutcome {
  rows: number;
  inserted: number;
  updated: number;
  received: number;
  months: number;
  warnings: string[];
}

/**
 * parseDossierRow remembers every code in `ctx.seen` to refuse duplicates; for a million rows that map
 * would be the one thing held in memory, so here it forgets and duplicates are found in SQL instead.
 */
class ForgetfulSeen extends Map<string, number> {
  override has(): boolean {
    return false;
  }
  override set(): this {
    return this;
  }
}

interface StageWriter {
  /** A promise only when the row filled a buffer that is being written out: await it then. */
  write(row: unknown[]): Promise<void> | undefined;
  /** COPY only: a row already in COPY text (onestop.fast-row.ts), newline included. */
  writeLine?(line: string): Promise<void> | undefined;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  return copyString(String(v));
}

/** One staged row as a line of COPY text, newline included. */
export function copyLine(row: readonly unknown[]): string {
  let line = copyText(row[0]);
  for (let i = 1; i < row.length; i++) line += `\t${copyText(row[i])}`;
  return `${line}\n`;
}

/**
 * COPY into the stage, `batchRows` rows per batch table: at each boundary the COPY ends (its rows commit)
 * and `onBatch` hands the table to the merge, which upserts it while the next batch is parsed and copied.
 */
async function copyWriter(pool: pg.Pool, jobId: number, batchRows: number, onBatch: (table: string, rows: number) => Promise<void>): Promise<StageWriter> {
  const client = await pool.connect();
  let released = false;
  const release = (err?: Error) => {
    if (!released) client.release(err);
    released = true;
  };
  let batch = 0;
  let inBatch = 0;
  let buf = '';
  let stream!: ReturnType<typeof copyFrom>;
  let done!: Promise<void>;
  const open = () => {
    const s = client.query(copyFrom(`copy ${repo.stageBatchTable(jobId, batch)} (${repo.STAGE_COLUMNS.join(',')}) from stdin`));
    done = new Promise<void>((resolve, reject) => {
      s.on('finish', resolve);
      s.on('error', reject);
    });
    done.catch(() => {});
    stream = s;
  };
  const flush = async () => {
    if (buf === '') return;
    const chunk = buf;
    buf = '';
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
  };
  const endBatch = async () => {
    await flush();
    stream.end();
    await done;
    await onBatch(repo.stageBatchTable(jobId, batch), inBatch);
  };
  const rotate = async () => {
    await endBatch();
    batch++;
    inBatch = 0;
    await client.query(repo.createStageBatchSql(jobId, batch));
    open();
  };
  const writeLine = (line: string): Promise<void> | undefined => {
    buf += line;
    if (++inBatch >= batchRows) return rotate();
    return buf.length >= COPY_CHUNK ? flush() : undefined;
  };
  open();
  return {
    write: (row) => writeLine(copyLine(row)),
    writeLine,
    async finish() {
      try {
        await endBatch();
        release();
      } catch (err) {
        release(err as Error);
        throw err;
      }
    },
    async abort() {
      stream.destroy(new Error('import aborted'));
      release(new Error('import aborted'));
    },
  };
}

class ImportAborted extends Error {}

/**
 * The one transaction of an import, opened before the first row and fed batch after batch: steps run in
 * order on its connection while the caller goes on parsing; `commit` runs the last step and commits,
 * `abort` rolls everything back.
 */
function openMergeSession(db: Db, jobId: number) {
  type Step = (trx: Db) => Promise<void>;
  const steps: Step[] = [];
  let wake: (() => void) | null = null;
  let closing: 'commit' | 'abort' | null = null;
  let final: ((trx: Db) => Promise<unknown>) | null = null;
  const kick = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const done = db.transaction().execute(async (trx) => {
    await repo.beginMerge(trx, jobId);
    for (;;) {
      if (closing === 'abort') throw new ImportAborted('import aborted');
      const step = steps.shift();
      if (step) await step(trx);
      else if (closing === 'commit' && final) return final(trx);
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  });
  done.catch(() => {});
  return {
    /** Resolves once `step` has run; rejects when it, or the session, failed. */
    run(step: Step): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        steps.push(async (trx) => {
          try {
            await step(trx);
            resolve();
          } catch (err) {
            reject(err);
            throw err;
          }
        });
        done.catch(reject);
        kick();
      });
    },
    commit<T>(f: (trx: Db) => Promise<T>): Promise<T> {
      final = f;
      closing = 'commit';
      kick();
      return done as Promise<T>;
    },
    async abort() {
      closing = 'abort';
      kick();
      await done.catch(() => {});
    },
  };
}

function insertWriter(db: Db, jobId: number): StageWriter {
  let batch: unknown[][] = [];
  return {
    write(row) {
      batch.push(row);
      if (batch.length < INSERT_BATCH) return undefined;
      const b = batch;
      batch = [];
      return repo.insertStageRows(db, jobId, b);
    },
    async finish() {
      await repo.insertStageRows(db, jobId, batch);
      batch = [];
    },
    async abort() {
      batch = [];
    },
  };
}

/** Instants are staged as epoch seconds (cheaper to write and to read than timestamp text; see repo.STAGE_INSTANTS). */
const secondsOf = (d: Date | null) => (d ? d.getTime() / 1000 : null);

/** The staged cells (repo.STAGE_COLUMNS) of dossier `d` at file row `row`, classified as `c`. */
export function stageRow(row: number, d: Dossier, c: DossierClassification, ctx: Pick<DossierImportContext, 'units' | 'calendar' | 'rules'>): unknown[] {
  const apologyOk = c.received && c.dueDate !== null && isApologyCompliant(d, c.dueDate, { calendar: ctx.calendar, rules: ctx.rules });
  return [
    row,
    d.dossierCode,
    d.procedureCode,
    ctx.units.get(d.unitCode),
    d.channel,
    secondsOf(d.receivedAt),
    secondsOf(d.dueAt),
    secondsOf(d.resolvedAt),
    secondsOf(d.returnedAt),
    d.status,
    d.pausedDays,
    secondsOf(d.apologyAt),
    secondsOf(d.newDueAt),
    d.paidOnline,
    d.digitized,
    d.eResult,
    d.rating,
    c.received,
    c.receivedDate,
    c.receivedDate ? ymOf(c.receivedDate) : null,
    c.resolvedDate,
    c.dueDate,
    c.received && !d.dueAt,
    c.outcome,
    apologyOk,
  ];
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Records of a CSV or XLSX byte stream, in arrays (those of one chunk of bytes: one await per chunk, not
 * per row). CSV streams through our parser; an .xlsx is a zip whose sheet cannot be read before its end,
 * so it is buffered (bounded by the upload limit) and read by exceljs.
 */
export async function* recordsFromBytes(bytes: Readable, onBytes: (n: number) => void): AsyncGenerator<CsvRecord[]> {
  const counted = new PassThrough();
  let total = 0;
  const counting = pipeline(bytes, async function* (src: AsyncIterable<Buffer>) {
    for await (const chunk of src) {
      total += chunk.length;
      onBytes(total);
      yield chunk;
    }
  }, counted);
  counting.catch(() => {});

  const it = counted[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done || (first.value as Buffer).length === 0) throw new FileFormatError([{ row: 0, field: '', message: 'Tệp rỗng' }]);
  const head = first.value as Buffer;
  const rest = async function* () {
    yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value as Buffer;
    }
  };

  if (isZip(head)) {
    const chunks: Buffer[] = [];
    for await (const c of rest()) chunks.push(c);
    await counting;
    const { rows } = await parseTable(Buffer.concat(chunks), REQUIRED_DOSSIER_COLUMNS);
    yield rows;
    return;
  }

  // CSV: our streaming RFC 4180 parser (csv-stream.ts), a record object per row with the dossier columns
  // (the only ones read; a column named twice gives its last cell, as a record keyed by the header would).
  const parser = new CsvStreamParser();
  let header: string[] | null = null;
  let at: number[] = [];
  try {
    for (let chunk: Buffer | null = head; ; ) {
      const rows = chunk ? parser.push(chunk) : parser.end();
      const out: CsvRecord[] = [];
      for (const cells of rows) {
        if (header === null) {
          header = cells.map((c) => c.trim());
          const h = header;
          const missing = REQUIRED_DOSSIER_COLUMNS.filter((c) => !h.includes(c));
          if (missing.length) throw new FileFormatError(missing.map((c) => ({ row: 1, field: c, message: `Thiếu cột "${c}"` })));
          at = DOSSIER_COLUMNS.map((c) => h.lastIndexOf(c));
          continue;
        }
        out.push(dossierRecord(cells, at));
      }
      if (out.length) yield out;
      if (!chunk) break;
      const n = await it.next();
      chunk = n.done ? null : (n.value as Buffer);
    }
    await counting;
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new FileFormatError([{ row: err.row, field: '', message: `CSV không hợp lệ: ${err.message}` }]);
    throw err;
  }
}

/** Cell `i` of a row, undefined for a column the file lacks (-1). */
const cellAt = (cells: readonly string[], i: number): string | undefined => (i < 0 ? undefined : cells[i]);

/** The record of one CSV row: an object literal of the dossier columns, so every record has one shape. */
function dossierRecord(cells: readonly string[], at: readonly number[]): CsvRecord {
  return {
    dossier_code: cellAt(cells, at[0]),
    procedure_code: cellAt(cells, at[1]),
    unit_code: cellAt(cells, at[2]),
    channel: cellAt(cells, at[3]),
    received_at: cellAt(cells, at[4]),
    due_at: cellAt(cells, at[5]),
    resolved_at: cellAt(cells, at[6]),
    returned_at: cellAt(cells, at[7]),
    status: cellAt(cells, at[8]),
    paused_days: cellAt(cells, at[9]),
    apology_at: cellAt(cells, at[10]),
    new_due_at: cellAt(cells, at[11]),
    paid_online: cellAt(cells, at[12]),
    digitized: cellAt(cells, at[13]),
    e_result: cellAt(cells, at[14]),
    rating: cellAt(cells, at[15]),
  } as CsvRecord;
}

/** Stages every record, then merges. Throws FileFormatError (nothing written) when any row is refused. */
export async function stageAndMerge(
  ctx: DossierImportContext,
  /** Records one by one, or in arrays (recordBatchesFromBytes: fewer awaits per row). */
  records: AsyncIterable<CsvRecord | readonly CsvRecord[]>,
  /** Runs inside the merge transaction (audit, job row), so they commit with the dossiers or not at all. */
  onMerged?: (trx: Db, outcome: DossierImportOutcome) => Promise<void>,
): Promise<DossierImportOutcome> {
  const { db, jobId } = ctx;
  const parseCtx = createDossierParseContext({
    procedures: ctx.procedures,
    units: new Set(ctx.units.keys()),
    notReceivedStatuses: ctx.rules.notReceivedStatuses,
  });
  parseCtx.seen = new ForgetfulSeen();
  const issues: RowIssue[] = [];
  let issueCount = 0;
  let rows = 0;
  let received = 0;
  const uncoveredYears = new Set<number>();
  const covered = new Set(ctx.calendar.coveredYears);

  await repo.createStage(db, jobId);
  // PostgreSQL: the merge transaction is open from the start and upserts each COPY batch while the next
  // is parsed (two processes at work, not one after the other). Embedded: one connection, so the whole
  // file is staged first and merged after.
  const pool = ctx.database?.pool;
  const session = pool ? openMergeSession(db, jobId) : null;
  let merged = { inserted: 0, total: 0 };
  let previous: Promise<void> = Promise.resolve();
  /** Bulk path: the indexes dropped (to build again before the commit) and whether the table had rows. */
  let bulk: { indexes: repo.DossierIndexDef[]; tableHadRows: boolean } | null = null;
  let decided = false;
  /** Set once the last row is read: the file's size is then known, not estimated. */
  let ended = false;
  const onBatch = async (table: string, batchRows: number) => {
    // At most one batch waits behind the one being merged: memory stays bounded and errors surface.
    await previous;
    if (!decided) {
      // Decided at the first batch, before any row is written: the file's rows (known, or estimated from
      // its bytes) next to the table's.
      decided = true;
      const fileRows = ended ? rows : Math.max(rows, ctx.estimateRows?.(rows) ?? 0);
      previous = session!.run(async (trx) => {
        bulk = await useBulkLoad(trx, ctx.bulk, fileRows);
      });
      previous.catch(() => {});
      await previous;
    }
    previous = session!.run(async (trx) => {
      if (bulk) {
        const n = await repo.appendStageBatch(trx, jobId, table);
        merged = { inserted: merged.inserted + n, total: merged.total + n };
        return;
      }
      const r = await repo.mergeStageBatch(trx, jobId, table, true, batchRows);
      merged = { inserted: merged.inserted + r.inserted, total: merged.total + r.total };
    });
    previous.catch(() => {});
  };
  let writer: StageWriter;
  try {
    writer = pool ? await copyWriter(pool, jobId, ctx.batchRows ?? MERGE_BATCH, onBatch) : insertWriter(db, jobId);
  } catch (err) {
    await session?.abort();
    throw err;
  }
  await repo.updateJob(db, jobId, { phase: 'parsing' });
  const fastCtx = { units: ctx.units, procedures: ctx.procedures, calendar: ctx.calendar, rules: ctx.rules, asOf: ctx.asOf };
  const info: FastRowInfo = { received: false, computedYear: 0 };
  const writeLine = writer.writeLine;
  try {
    for await (const item of records) {
      // A batch of records (recordsFromBytes) or one record.
      const batch = Array.isArray(item) ? (item as readonly CsvRecord[]) : [item as CsvRecord];
      for (let k = 0; k < batch.length; k++) {
        const rec = batch[k];
        rows++;
        const row = rows + 1; // row 1 is the header
        // COPY staging: the plain rows go straight to COPY text; any other (or any after a refusal) the general way.
        if (writeLine && issueCount === 0) {
          let line: string | null = null;
          try {
            line = fastStageLine(rec, row, fastCtx, info);
          } catch {
            line = null;
          }
          if (line !== null) {
            if (info.received) {
              received++;
              if (info.computedYear !== 0 && !covered.has(info.computedYear)) uncoveredYears.add(info.computedYear);
            }
            const staged = writeLine(line);
            if (staged) await staged;
            if (rows % PROGRESS_EVERY === 0) await repo.updateJob(db, jobId, { rows_processed: rows, error_count: issueCount });
            continue;
          }
        }
        const { dossier: d, issues: rowIssues } = parseDossierRow(rec, row, parseCtx);
        if (!d) {
          issueCount += rowIssues.length;
          for (const i of rowIssues) if (issues.length < MAX_ISSUES_KEPT) issues.push(i);
        } else {
          let c: ReturnType<typeof classifyDossier> | null = null;
          try {
            c = classifyDossier(d, { calendar: ctx.calendar, procedure: ctx.procedures.get(d.procedureCode), asOf: ctx.asOf, rules: ctx.rules });
          } catch (err) {
            issueCount++;
            if (issues.length < MAX_ISSUES_KEPT) issues.push({ row, field: 'due_at', message: (err as Error).message });
          }
          // After the first refused row nothing more is staged: the file will be refused as a whole.
          if (c && issueCount === 0) {
            if (c.received) {
              received++;
              if (!d.dueAt && !covered.has(yearOf(c.receivedDate!))) uncoveredYears.add(yearOf(c.receivedDate!));
            }
            const staged = writer.write(stageRow(row, d, c, ctx));
            if (staged) await staged;
          }
        }
        if (rows % PROGRESS_EVERY === 0) await repo.updateJob(db, jobId, { rows_processed: rows, error_count: issueCount });
      }
    }
    if (rows === 0) throw new FileFormatError([{ row: 2, field: '', message: 'Tệp không có dòng hồ sơ nào' }]);
    if (issueCount > 0) throw new FileFormatError(issues.length < issueCount ? [...issues, { row: 0, field: '', message: `… tổng cộng ${issueCount} lỗi` }] : issues);
    ended = true;
    await writer.finish();
    await previous;
  } catch (err) {
    await writer.abort().catch(() => {});
    await session?.abort();
    if (isDuplicateError(err)) throw await duplicatesError(db, jobId, err);
    throw err;
  }
  await repo.updateJob(db, jobId, { rows_processed: rows, phase: 'merging' });

  const warnings = uncoveredYears.size
    ? [`Lịch làm việc chưa có ngày nghỉ lễ năm ${[...uncoveredYears].sort().join(', ')}: hạn tính được chỉ trừ thứ Bảy, Chủ nhật.`]
    : [];
  const finish = async (trx: Db, m: { inserted: number; total: number }, months: () => Promise<number>) => {
    // Fewer dossiers written than rows staged: a code repeated in the file.
    if (m.total !== rows) throw new DuplicateCodes();
    const outcome = { rows, inserted: m.inserted, updated: m.total - m.inserted, months: await months(), received, warnings };
    await onMerged?.(trx, outcome);
    return outcome;
  };
  try {
    if (session) {
      return await session.commit(async (trx) => {
        const b = bulk as { indexes: repo.DossierIndexDef[]; tableHadRows: boolean } | null;
        if (!b) return finish(trx, merged, () => repo.finishMerge(trx, jobId, merged.total === merged.inserted));
        // Bulk: the stored dossiers the file brings again give way to its rows, then the indexes are built
        // (a code twice in the file fails the primary key: 23505, reported like the upsert's duplicates).
        const replaced = b.tableHadRows ? await repo.replaceOlderDossiers(trx, jobId) : 0;
        await repo.noteDeltaMonths(trx, jobId);
        await repo.restoreDossierIndexes(trx, b.indexes);
        return finish(trx, { inserted: merged.total - replaced, total: merged.total }, () => repo.finishMerge(trx, jobId, replaced === 0));
      });
    }
    return await db.transaction().execute(async (trx) => {
      await repo.beginMerge(trx, jobId);
      const m = await repo.mergeStageBatch(trx, jobId, repo.stageTable(jobId), false, rows);
      return finish(trx, m, () => repo.finishMerge(trx, jobId, m.total === m.inserted));
    });
  } catch (err) {
    if (isDuplicateError(err)) throw await duplicatesError(db, jobId, err);
    throw err;
  }
}

/** Rows (PostgreSQL COPY batches) merged per statement while parsing goes on. */
const MERGE_BATCH = 50_000;
/** Files smaller than this always take the incremental path (dropping and building indexes is not worth it). */
const BULK_MIN_ROWS = 50_000;

/**
 * The bulk path (repository: "bulk load") when asked, or, when left to us, for a file of at least
 * BULK_MIN_ROWS rows into a table holding no more rows than the file — a first import of a real-sized
 * export, or the whole export again: building the indexes anew then costs less than maintaining them row
 * by row. Monthly files into a big table keep the incremental upsert (and the table stays readable).
 */
async function useBulkLoad(trx: Db, asked: boolean | undefined, fileRows: number): Promise<{ indexes: repo.DossierIndexDef[]; tableHadRows: boolean } | null> {
  if (asked === false || (asked === undefined && fileRows < BULK_MIN_ROWS)) return null;
  const tableRows = await repo.dossierRowsUpTo(trx, fileRows);
  if (asked === undefined && tableRows > fileRows) return null;
  const indexes = await repo.dropDossierIndexes(trx);
  return indexes ? { indexes, tableHadRows: tableRows > 0 } : null;
}

class DuplicateCodes extends Error {}

/**
 * 21000: ON CONFLICT met the same code twice in one statement; DuplicateCodes: in two batches; 23505: the
 * primary key built after a bulk load found a code twice.
 */
const isDuplicateError = (err: unknown) => err instanceof DuplicateCodes || ['21000', '23505'].includes((err as { code?: string }).code ?? '');

async function duplicatesError(db: Db, jobId: number, cause: unknown): Promise<Error> {
  const dups = await repo.stageDuplicates(db, jobId, MAX_ISSUES_KEPT);
  // No code twice in the stage: the error was something else, and is passed on as it is.
  if (dups.length === 0) return cause instanceof Error ? cause : new Error(String(cause));
  return new FileFormatError(
    dups.flatMap((d) => d.rows.slice(1).map((r) => ({ row: Number(r), field: 'dossier_code', message: `mã hồ sơ "${d.dossier_code}" trùng với dòng ${d.rows[0]}` }))),
  );
}

/** The Vietnamese date of now, for the stored outcome. */
export const importAsOf = () => vietnamDateOf(new Date());
