// The streaming dossier import. A file of a million rows never sits whole in memory: bytes flow through
// our RFC 4180 parser (formats/csv-stream.ts) and the row reader (onestop.row-reader.ts) one record at a
// time, and every row is stored in ONE transaction — all or nothing. Two ways on PostgreSQL:
// - a file at least as large as the table (a first real-sized export, or the whole export again) is the
//   bulk load (onestop.bulk-load.ts): binary COPY straight into the table, its indexes built at the end;
// - a smaller file is staged: COPY text in batches of MERGE_BATCH into an UNLOGGED per-job table, each batch
//   its own table inheriting from the stage; the merge transaction is open from the first row and upserts
//   each batch as soon as its COPY has committed, while the next one is parsed — node and the database work
//   at the same time, not in turn. The table stays readable meanwhile.
// Embedded (PGlite): a single connection, so multi-row INSERTs stage the whole file and one merge follows;
// staging happens outside that transaction so the job row (progress) stays writable and readable by the
// web app's polling. On PostgreSQL the progress writes go through other pool connections.
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Db } from '../../db/database';
import { vietnamDateOf } from '../../domain/calendar/civil-date';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { OnestopRules } from '../../domain/onestop/onestop-config';
import type { Procedure } from '../../domain/onestop/types';
import type { CsvRecord } from '../../formats/csv';
import { isLinePiece, isPlainLines, linePiece } from '../../formats/csv-lines';
import { CsvStreamParser, CsvSyntaxError, csvFileError } from '../../formats/csv-stream';
import { DOSSIER_COLUMNS, REQUIRED_DOSSIER_COLUMNS } from '../../formats/dossiers.format';
import { FileFormatError } from '../../formats/file-format-error';
import { parseTable } from '../../formats/xlsx';
import { bulkLoad } from './onestop.bulk-load';
import { type DossierItem, type DossierLines, dossierRecord, recordCount, recordsOf } from './onestop.dossier-lines';
import { type FastRow, stageLineOf } from './onestop.fast-row';
import * as repo from './onestop.repository';
import { DossierRowReader, MAX_ISSUES_KEPT, PROGRESS_EVERY, progressWriter } from './onestop.row-reader';

export { MAX_ISSUES_KEPT };
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
   * decide by the file's size next to the table's (undefined: see chooseBulkLoad).
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

interface StageWriter {
  /** Stages dossier `r` of file row `row`; a promise only when a buffer is being written out: await it then. */
  write(r: FastRow, row: number): Promise<void> | undefined;
  finish(): Promise<void>;
  abort(): Promise<void>;
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
    write: (r, row) => writeLine(stageLineOf(r, row)),
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
    write(r, row) {
      batch.push(stageCellsOf(r, row));
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
const secondsOf = (ms: number | null) => (ms === null ? null : ms / 1000);

/** The staged cells (repo.STAGE_COLUMNS) of dossier `r` at file row `row`: INSERT parameters on the embedded engine. */
export function stageCellsOf(r: FastRow, row: number): unknown[] {
  return [
    row,
    r.code,
    r.procedureCode,
    r.unitId,
    r.channel,
    secondsOf(r.receivedAt),
    secondsOf(r.dueAt),
    secondsOf(r.resolvedAt),
    secondsOf(r.returnedAt),
    r.status,
    r.pausedDays,
    secondsOf(r.apologyAt),
    secondsOf(r.newDueAt),
    r.paidOnline,
    r.digitized,
    r.eResult,
    r.rating,
    r.received,
    r.receivedDate,
    r.receivedYm,
    r.resolvedDate,
    r.dueDate,
    r.dueComputed,
    r.outcome,
    r.apologyOk,
  ];
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Records of a CSV or XLSX byte stream, in arrays (those of one chunk of bytes: one await per chunk, not
 * per row). CSV streams through our parser; an .xlsx is a zip whose sheet cannot be read before its end,
 * so it is buffered (bounded by the upload limit) and read by exceljs.
 */
export async function* recordsFromBytes(bytes: Readable, onBytes: (n: number) => void): AsyncGenerator<CsvRecord[] | DossierLines> {
  const counted = new PassThrough();
  const counting = pipeline(bytes, counted);
  counting.catch(() => {});
  // Bytes are counted as they are read here, not as they arrive: the stream reads ahead, and the import's
  // estimate of the file's rows (rows so far × size ÷ bytes so far) must divide by the bytes those rows came from.
  let total = 0;
  const source = counted[Symbol.asyncIterator]();
  const it = {
    async next(): Promise<IteratorResult<Buffer>> {
      const n = await source.next();
      if (!n.done) {
        total += (n.value as Buffer).length;
        onBytes(total);
      }
      return n;
    },
  };
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

  // CSV: cut at line ends. The header, and any piece with a quote or a lone CR, go through our streaming
  // RFC 4180 parser (csv-stream.ts), a record object per row with the dossier columns (the only ones read; a
  // column named twice gives its last cell, as a record keyed by the header would). The other pieces go on
  // as bytes (csv-lines.ts) for the byte reader; recordsOf turns them into the same records.
  const parser = new CsvStreamParser();
  let header: string[] | null = null;
  let at: number[] = [];
  const parse = (bytes: Buffer | null): CsvRecord[] => {
    const out: CsvRecord[] = [];
    for (const cells of bytes ? parser.push(bytes) : parser.end()) {
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
    return out;
  };
  /** Whole lines: as bytes when they can be, else parsed. */
  const piece = (bytes: Buffer): CsvRecord[] | DossierLines => {
    if (header === null || !parser.atRecordStart() || !isPlainLines(bytes)) return parse(bytes);
    const p: DossierLines = { ...linePiece(bytes, parser.columns, parser.recordsRead + 1), columns: at };
    parser.skipRecords(p.records);
    return p;
  };
  // bytes after the last line end, waiting for the rest of their line
  let carry: Buffer[] = [];
  let carried = 0;
  try {
    for (let chunk: Buffer | null = head; chunk; ) {
      const lf = chunk.lastIndexOf(10);
      let out: CsvRecord[] | DossierLines | null = null;
      if (lf >= 0) {
        const lines = carried ? Buffer.concat([...carry, chunk.subarray(0, lf + 1)]) : chunk.subarray(0, lf + 1);
        carry = lf + 1 < chunk.length ? [chunk.subarray(lf + 1)] : [];
        carried = chunk.length - lf - 1;
        out = piece(lines);
      } else {
        carry.push(chunk);
        carried += chunk.length;
        // a line longer than this goes to the parser as it comes: no bytes held without bound
        if (carried > MAX_CARRY) {
          out = parse(Buffer.concat(carry));
          carry = [];
          carried = 0;
        }
      }
      if (out !== null && (isLinePiece(out) || out.length)) yield out;
      const n = await it.next();
      chunk = n.done ? null : (n.value as Buffer);
    }
    const last: (CsvRecord[] | DossierLines)[] = [];
    if (carried) last.push(piece(Buffer.concat(carry)));
    last.push(parse(null));
    for (const out of last) if (isLinePiece(out) || out.length) yield out;
    await counting;
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw csvFileError(err);
    throw err;
  }
}

/** Bytes held at most waiting for a line's end. */
const MAX_CARRY = 1 << 20;

/** Stores every record in one transaction. Throws FileFormatError (nothing written) when any row is refused. */
export async function stageAndMerge(
  ctx: DossierImportContext,
  /** Records one by one, or in arrays (recordsFromBytes: fewer awaits per row). */
  records: AsyncIterable<DossierItem>,
  /** Runs inside the merge transaction (audit, job row), so they commit with the dossiers or not at all. */
  onMerged?: (trx: Db, outcome: DossierImportOutcome) => Promise<void>,
): Promise<DossierImportOutcome> {
  const { db, jobId } = ctx;
  const reader = new DossierRowReader(ctx);
  const pool = ctx.database?.pool;
  if (pool) {
    // The way is chosen before the first row is written, from the first records read (and the file's size).
    const peeked = await peekRecords(records, ctx.bulk === undefined && !ctx.estimateRows ? BULK_MIN_ROWS : 1);
    const plan = await chooseBulkLoad(db, ctx.bulk, peeked.ended ? peeked.rows : Math.max(peeked.rows, ctx.estimateRows?.(peeked.rows) ?? 0));
    if (plan) return bulkLoad({ db, pool, jobId, reader, records: peeked.records, tableHadRows: plan.tableHadRows, onMerged });
    records = peeked.records;
  }

  await repo.createStage(db, jobId);
  // PostgreSQL: the merge transaction is open from the start and upserts each COPY batch while the next
  // is parsed (two processes at work, not one after the other). Embedded: one connection, so the whole
  // file is staged first and merged after.
  const session = pool ? openMergeSession(db, jobId) : null;
  let merged = { inserted: 0, total: 0 };
  let previous: Promise<void> = Promise.resolve();
  const onBatch = async (table: string, batchRows: number) => {
    // At most one batch waits behind the one being merged: memory stays bounded and errors surface.
    await previous;
    previous = session!.run(async (trx) => {
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
  const progress = progressWriter(() => repo.updateJob(db, jobId, { rows_processed: reader.rows, error_count: reader.issueCount }));
  try {
    for await (const item of records) {
      // A batch of records or of plain lines (recordsFromBytes), or one record.
      const batch = recordsOf(item);
      for (let k = 0; k < batch.length; k++) {
        const row = reader.rows + 2; // row 1 is the header
        const r = reader.read(batch[k], row);
        if (r !== null) {
          const staged = writer.write(r, row);
          if (staged) await staged;
        }
        if (reader.rows % PROGRESS_EVERY === 0) progress.note();
      }
    }
    if (reader.rows === 0) throw new FileFormatError([{ row: 2, field: '', message: 'Tệp không có dòng hồ sơ nào' }]);
    if (reader.issueCount > 0) {
      const { issues, issueCount } = reader;
      throw new FileFormatError(issues.length < issueCount ? [...issues, { row: 0, field: '', message: `… tổng cộng ${issueCount} lỗi` }] : issues);
    }
    await writer.finish();
    await previous;
  } catch (err) {
    await writer.abort().catch(() => {});
    await session?.abort();
    if (isDuplicateError(err)) throw await duplicatesError(db, jobId, err);
    throw err;
  }
  const rows = reader.rows;
  await progress.settle();
  await repo.updateJob(db, jobId, { rows_processed: rows, phase: 'merging' });

  const finish = async (trx: Db, m: { inserted: number; total: number }, months: () => Promise<number>) => {
    // Fewer dossiers written than rows staged: a code repeated in the file.
    if (m.total !== rows) throw new DuplicateCodes();
    const outcome = { rows, inserted: m.inserted, updated: m.total - m.inserted, months: await months(), received: reader.received, warnings: reader.warnings() };
    await onMerged?.(trx, outcome);
    return outcome;
  };
  try {
    if (session) return await session.commit((trx) => finish(trx, merged, () => repo.finishMerge(trx, jobId, merged.total === merged.inserted)));
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

/**
 * The first records of `records`, read until `minRows` are in (or the file ends), and the whole sequence
 * again from its start: the records already read, then the rest.
 */
async function peekRecords(records: AsyncIterable<DossierItem>, minRows: number) {
  const it = records[Symbol.asyncIterator]();
  const head: DossierItem[] = [];
  let rows = 0;
  let ended = false;
  while (rows < minRows) {
    const n = await it.next();
    if (n.done) {
      ended = true;
      break;
    }
    head.push(n.value);
    rows += recordCount(n.value);
  }
  async function* again() {
    yield* head;
    head.length = 0;
    if (ended) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  return { rows, ended, records: again() };
}

/** Rows (PostgreSQL COPY batches) merged per statement while parsing goes on. */
const MERGE_BATCH = 50_000;
/** Files smaller than this always take the incremental path (dropping and building indexes is not worth it). */
const BULK_MIN_ROWS = 50_000;

/**
 * The bulk load when asked, or, when left to us, for a file of at least BULK_MIN_ROWS rows into a table
 * holding no more rows than the file — a first import of a real-sized export, or the whole export again:
 * building the indexes anew then costs less than maintaining them row by row. Monthly files into a big
 * table keep the incremental upsert (and the table stays readable). Never while another table's foreign
 * key needs the primary key.
 */
async function chooseBulkLoad(db: Db, asked: boolean | undefined, fileRows: number): Promise<{ tableHadRows: boolean } | null> {
  if (asked === false || (asked === undefined && fileRows < BULK_MIN_ROWS)) return null;
  const tableRows = await repo.dossierRowsUpTo(db, fileRows);
  if (asked === undefined && tableRows > fileRows) return null;
  if (await repo.dossiersReferenced(db)) return null;
  return { tableHadRows: tableRows > 0 };
}

class DuplicateCodes extends Error {}

/** 21000: ON CONFLICT met the same code twice in one statement; DuplicateCodes: in two batches. */
const isDuplicateError = (err: unknown) => err instanceof DuplicateCodes || (err as { code?: string }).code === '21000';

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
