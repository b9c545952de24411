// The streaming dossier import. A file of a million rows never sits whole in memory: bytes flow
// through csv-parse and parseDossierRow one record at a time, each dossier is classified and written to
// an UNLOGGED per-job staging table (COPY on PostgreSQL, multi-row INSERT on the embedded engine), and
// only then are the staged rows merged into onestop_dossiers in ONE transaction — all or nothing.
// Staging happens outside that transaction so the job row (progress) stays writable and readable by
// the web app's polling, even on the embedded engine whose single connection a transaction holds.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse as csvParse } from 'csv-parse';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Db } from '../../db/database';
import { vietnamDateOf, yearOf } from '../../domain/calendar/civil-date';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { classifyDossier, isApologyCompliant } from '../../domain/onestop/classify-dossier';
import type { OnestopRules } from '../../domain/onestop/onestop-config';
import type { Procedure } from '../../domain/onestop/types';
import type { CsvRecord } from '../../formats/csv';
import { REQUIRED_DOSSIER_COLUMNS, createDossierParseContext, parseDossierRow } from '../../formats/dossiers.format';
import { FileFormatError, type RowIssue } from '../../formats/file-format-error';
import { parseTable } from '../../formats/xlsx';
import * as repo from './onestop.repository';
import { ymOf } from './onestop.periods';

/** Issues kept and shown; the count is exact beyond that. */
export const MAX_ISSUES_KEPT = 200;
/** Rows between two progress writes to the job row. */
const PROGRESS_EVERY = 20_000;
/** Rows per multi-row INSERT on the embedded engine (25 columns × 800 < 65,535 bind parameters). */
const INSERT_BATCH = 800;
/** Bytes of COPY text buffered before a write to the socket. */
const COPY_CHUNK = 256 * 1024;

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
  write(row: unknown[]): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

async function copyWriter(pool: pg.Pool, jobId: number): Promise<StageWriter> {
  const client = await pool.connect();
  const stream = client.query(copyFrom(`copy ${repo.stageTable(jobId)} (${repo.STAGE_COLUMNS.join(',')}) from stdin`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  done.catch(() => {});
  let buf = '';
  let released = false;
  const release = (err?: Error) => {
    if (!released) client.release(err);
    released = true;
  };
  const flush = async () => {
    if (buf === '') return;
    const chunk = buf;
    buf = '';
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
  };
  return {
    async write(row) {
      let line = '';
      for (let i = 0; i < row.length; i++) line += (i ? '\t' : '') + copyText(row[i]);
      buf += `${line}\n`;
      if (buf.length >= COPY_CHUNK) await flush();
    },
    async finish() {
      try {
        await flush();
        stream.end();
        await done;
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

function insertWriter(db: Db, jobId: number): StageWriter {
  let batch: unknown[][] = [];
  return {
    async write(row) {
      batch.push(row);
      if (batch.length >= INSERT_BATCH) {
        const b = batch;
        batch = [];
        await repo.insertStageRows(db, jobId, b);
      }
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

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Records of a CSV or XLSX byte stream. CSV streams through csv-parse; an .xlsx is a zip whose sheet
 * cannot be read before its end, so it is buffered (bounded by the upload limit) and read by exceljs.
 */
export async function* recordsFromBytes(bytes: Readable, onBytes: (n: number) => void): AsyncGenerator<CsvRecord> {
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
    yield* rows;
    return;
  }

  let missing: string[] = [];
  const parser = csvParse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    columns: (header: string[]) => {
      const h = header.map((c) => c.trim());
      missing = REQUIRED_DOSSIER_COLUMNS.filter((c) => !h.includes(c));
      return h;
    },
  });
  const feeding = pipeline(Readable.from(rest()), parser);
  feeding.catch(() => {});
  let checked = false;
  try {
    for await (const rec of parser as AsyncIterable<CsvRecord>) {
      if (!checked) {
        checked = true;
        if (missing.length) throw new FileFormatError(missing.map((c) => ({ row: 1, field: c, message: `Thiếu cột "${c}"` })));
      }
      yield rec;
    }
    await feeding;
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    const e = err as { code?: string; lines?: number; message: string };
    if (err instanceof CsvError || e.code?.startsWith('CSV_')) throw new FileFormatError([{ row: e.lines ?? 0, field: '', message: `CSV không hợp lệ: ${e.message}` }]);
    throw err;
  }
  if (!checked && missing.length) throw new FileFormatError(missing.map((c) => ({ row: 1, field: c, message: `Thiếu cột "${c}"` })));
}

/** Stages every record, then merges. Throws FileFormatError (nothing written) when any row is refused. */
export async function stageAndMerge(
  ctx: DossierImportContext,
  records: AsyncIterable<CsvRecord>,
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
  const writer = ctx.database?.pool ? await copyWriter(ctx.database.pool, jobId) : insertWriter(db, jobId);
  await repo.updateJob(db, jobId, { phase: 'parsing' });
  try {
    for await (const rec of records) {
      rows++;
      const row = rows + 1; // row 1 is the header
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
          const apologyOk = c.received && c.dueDate !== null && isApologyCompliant(d, c.dueDate, { calendar: ctx.calendar, rules: ctx.rules });
          await writer.write([
            row,
            d.dossierCode,
            d.procedureCode,
            ctx.units.get(d.unitCode),
            d.channel,
            d.receivedAt,
            d.dueAt,
            d.resolvedAt,
            d.returnedAt,
            d.status,
            d.pausedDays,
            d.apologyAt,
            d.newDueAt,
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
          ]);
        }
      }
      if (rows % PROGRESS_EVERY === 0) await repo.updateJob(db, jobId, { rows_processed: rows, error_count: issueCount });
    }
    if (rows === 0) throw new FileFormatError([{ row: 2, field: '', message: 'Tệp không có dòng hồ sơ nào' }]);
    if (issueCount > 0) throw new FileFormatError(issues.length < issueCount ? [...issues, { row: 0, field: '', message: `… tổng cộng ${issueCount} lỗi` }] : issues);
    await writer.finish();
  } catch (err) {
    await writer.abort().catch(() => {});
    throw err;
  }
  await repo.updateJob(db, jobId, { rows_processed: rows, phase: 'merging' });

  const warnings = uncoveredYears.size
    ? [`Lịch làm việc chưa có ngày nghỉ lễ năm ${[...uncoveredYears].sort().join(', ')}: hạn tính được chỉ trừ thứ Bảy, Chủ nhật.`]
    : [];
  try {
    return await db.transaction().execute(async (trx) => {
      const merged = await repo.mergeStage(trx, jobId);
      const outcome = { rows, ...merged, received, warnings };
      await onMerged?.(trx, outcome);
      return outcome;
    });
  } catch (err) {
    // 21000: ON CONFLICT met the same code twice in one statement — a dossier code repeated in the file.
    if ((err as { code?: string }).code === '21000') {
      const dups = await repo.stageDuplicates(db, jobId, MAX_ISSUES_KEPT);
      throw new FileFormatError(
        dups.flatMap((d) => d.rows.slice(1).map((r) => ({ row: Number(r), field: 'dossier_code', message: `mã hồ sơ "${d.dossier_code}" trùng với dòng ${d.rows[0]}` }))),
      );
    }
    throw err;
  }
}

/** The Vietnamese date of now, for the stored outcome. */
export const importAsOf = () => vietnamDateOf(new Date());
