// One dossier row of an import file → the row as it will be stored (FastRow), or its refusal. The plain rows
// one-stop exports write take the fast path (readFastRow); any other row — and every row after a refusal,
// so that each refusal is worded — goes through parseDossierRow and classifyDossier. Whatever writes the
// rows (COPY text into the stage, INSERTs on the embedded engine, binary COPY of the bulk load) reads them
// from here, so every path stores the same values.
import { yearOf } from '../../domain/calendar/civil-date';
import { classifyDossier, isApologyCompliant } from '../../domain/onestop/classify-dossier';
import type { CsvRecord } from '../../formats/csv';
import { createDossierParseContext, parseDossierRow } from '../../formats/dossiers.format';
import type { PlainLines } from '../../formats/csv-lines';
import type { RowIssue } from '../../formats/file-format-error';
import { dossierRecord } from './onestop.dossier-lines';
import { DossierCells, type FileCodes, fileCodes, readFastBytes } from './onestop.fast-bytes';
import { type FastRow, type FastRowContext, type FastRowInfo, fastRowOf, newFastRow, readFastRow } from './onestop.fast-row';

/** Issues kept and shown; the count is exact beyond that. */
export const MAX_ISSUES_KEPT = 200;
/** Rows between two progress writes to the job row (on PostgreSQL through another pool connection). */
export const PROGRESS_EVERY = 20_000;

/**
 * Progress writes that do not hold the reading up: one at a time, in the background (a round trip every
 * 20,000 rows stalled the import ~50 times a million rows); one still running when the next is due is
 * skipped. `settle` waits for the last one, so none lands after the job's final update.
 */
export function progressWriter(write: () => Promise<unknown>) {
  let running: Promise<void> | null = null;
  return {
    note(): void {
      if (running) return;
      running = write()
        .then(() => undefined, () => undefined)
        .finally(() => {
          running = null;
        });
    },
    async settle(): Promise<void> {
      await running;
    },
  };
}

/** What reading a row needs: the fast path's context (units, procedures, calendar, rules, as-of date). */
export type RowReaderContext = FastRowContext;

/**
 * parseDossierRow remembers every code in `ctx.seen` to refuse duplicates; for a million rows that map
 * would be the one thing held in memory, so the import forgets and finds duplicates otherwise (in SQL on
 * the stage, or with SeenCodes on the bulk load).
 */
class ForgetfulSeen extends Map<string, number> {
  override has(): boolean {
    return false;
  }
  override set(): this {
    return this;
  }
}

export class DossierRowReader {
  /** Rows read (the header not counted). */
  rows = 0;
  /** Rows counting as received (formats.md). */
  received = 0;
  readonly issues: RowIssue[] = [];
  issueCount = 0;
  /** Years whose holidays the calendar lacks, among the due dates it computed. */
  readonly uncoveredYears = new Set<number>();
  private readonly covered: Set<number>;
  private readonly parseCtx: ReturnType<typeof createDossierParseContext>;
  private readonly row = newFastRow();
  private readonly info: FastRowInfo = { received: false, computedYear: 0 };
  private readonly cells = new DossierCells();
  private readonly codes: FileCodes;

  constructor(private readonly ctx: RowReaderContext) {
    this.covered = new Set(ctx.calendar.coveredYears);
    this.codes = fileCodes(ctx);
    this.parseCtx = createDossierParseContext({ procedures: ctx.procedures, units: new Set(ctx.units.keys()), notReceivedStatuses: ctx.rules.notReceivedStatuses });
    this.parseCtx.seen = new ForgetfulSeen();
  }

  /**
   * The next record, at file row `row` (the header is row 1): the dossier to store, or null when the row is
   * refused — or when an earlier row was, since the file is then refused as a whole and only its issues count.
   * The object returned is reused by the next call.
   */
  read(rec: CsvRecord, row: number): FastRow | null {
    this.rows++;
    const ctx = this.ctx;
    if (this.issueCount === 0) {
      let fast = false;
      try {
        fast = readFastRow(rec, ctx, this.info, this.row);
      } catch {
        fast = false;
      }
      if (fast) return this.counted(this.row);
    }
    const { dossier: d, issues } = parseDossierRow(rec, row, this.parseCtx);
    if (!d) {
      this.issueCount += issues.length;
      for (const i of issues) if (this.issues.length < MAX_ISSUES_KEPT) this.issues.push(i);
      return null;
    }
    let c: ReturnType<typeof classifyDossier>;
    try {
      c = classifyDossier(d, { calendar: ctx.calendar, procedure: ctx.procedures.get(d.procedureCode), asOf: ctx.asOf, rules: ctx.rules });
    } catch (err) {
      this.issueCount++;
      if (this.issues.length < MAX_ISSUES_KEPT) this.issues.push({ row, field: 'due_at', message: (err as Error).message });
      return null;
    }
    if (this.issueCount > 0) return null;
    const apologyOk = c.received && c.dueDate !== null && isApologyCompliant(d, c.dueDate, { calendar: ctx.calendar, rules: ctx.rules });
    return this.counted(fastRowOf(d, c, ctx.units.get(d.unitCode)!, apologyOk, this.row));
  }

  /**
   * read() for the current line of plain CSV lines (its width checked), whose dossier columns are cells
   * `columns` of it: read in its bytes when it has the plain shapes, else as its record.
   */
  readLine(lines: PlainLines, columns: readonly number[], row: number): FastRow | null {
    if (this.issueCount === 0 && lines.ascii) {
      this.cells.take(lines.buf, lines.starts, lines.ends, columns);
      let fast = false;
      try {
        fast = readFastBytes(lines.buf, this.cells, this.codes, this.ctx, this.info, this.row);
      } catch {
        fast = false;
      }
      if (fast) {
        this.rows++;
        return this.counted(this.row);
      }
    }
    return this.read(dossierRecord(lines.cellTexts(), columns), row);
  }

  private counted(r: FastRow): FastRow {
    if (r.received) {
      this.received++;
      if (r.dueComputed) {
        const year = yearOf(r.receivedDate!);
        if (!this.covered.has(year)) this.uncoveredYears.add(year);
      }
    }
    return r;
  }

  /** The warning of an import whose computed due dates fell in years the calendar lacks. */
  warnings(): string[] {
    return this.uncoveredYears.size
      ? [`Lịch làm việc chưa có ngày nghỉ lễ năm ${[...this.uncoveredYears].sort().join(', ')}: hạn tính được chỉ trừ thứ Bảy, Chủ nhật.`]
      : [];
  }
}
