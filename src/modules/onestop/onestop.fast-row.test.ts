// The import's fast path (readFastRow, staged by stageLineOf) against the general one (parseDossierRow → classifyDossier →
// stageRow → copyLine): for every row the fast path accepts, the same COPY text; every row it must leave to
// the general path (refused rows, unusual shapes, procedures timed in hours) gives null.
import { describe, expect, it } from 'vitest';
import { type DossierClassification, classifyDossier, isApologyCompliant } from '../../domain/onestop/classify-dossier';
import type { Dossier } from '../../domain/onestop/types';
import type { CsvRecord } from '../../formats/csv';
import { DOSSIER_COLUMNS, createDossierParseContext, parseDossierRow } from '../../formats/dossiers.format';
import {
  asOf,
  base,
  calendar,
  ctx,
  generatedRows,
  otherShapes,
  plainShapes,
  procedures,
  rules,
  units,
} from './onestop.fast-row.fixtures';
import { type FastRowInfo, copyString, newFastRow, readFastRow, stageLineOf } from './onestop.fast-row';
import { ymOf } from './onestop.periods';

// The general path's staged row and its COPY text, written out here as the reference the fast path is held to
// (the import itself now writes every row from one FastRow).
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return copyString(String(v));
}
const copyLine = (row: readonly unknown[]) => `${row.map(copyText).join('\t')}\n`;
const secondsOf = (d: Date | null) => (d ? d.getTime() / 1000 : null);
function stageRow(row: number, d: Dossier, c: DossierClassification): unknown[] {
  const apologyOk = c.received && c.dueDate !== null && isApologyCompliant(d, c.dueDate, { calendar, rules });
  return [row, d.dossierCode, d.procedureCode, units.get(d.unitCode), d.channel, secondsOf(d.receivedAt), secondsOf(d.dueAt), secondsOf(d.resolvedAt), secondsOf(d.returnedAt), d.status, d.pausedDays, secondsOf(d.apologyAt), secondsOf(d.newDueAt), d.paidOnline, d.digitized, d.eResult, d.rating, c.received, c.receivedDate, c.receivedDate ? ymOf(c.receivedDate) : null, c.resolvedDate, c.dueDate, c.received && !d.dueAt, c.outcome, apologyOk];
}

/** The general path's line for `rec`, or null when it refuses the row (or classification throws). */
function generalLine(rec: CsvRecord, row: number): { line: string | null; received: boolean } {
  const parseCtx = createDossierParseContext({ procedures, units: new Set(units.keys()), notReceivedStatuses: rules.notReceivedStatuses });
  const { dossier } = parseDossierRow(rec, row, parseCtx);
  if (!dossier) return { line: null, received: false };
  const c = classifyDossier(dossier, { calendar, procedure: procedures.get(dossier.procedureCode), asOf, rules });
  return { line: copyLine(stageRow(row, dossier, c)), received: c.received };
}

const fast = (rec: CsvRecord, row: number) => {
  const info: FastRowInfo = { received: false, computedYear: 0 };
  const r = newFastRow();
  const line = readFastRow(rec, ctx, info, r) ? stageLineOf(r, row) : null;
  return { line, info };
};

describe('readFastRow → stageLineOf', () => {
  it('gives the general path text for 20,000 generated dossiers (demo generator, every shape it writes)', () => {
    const gen = generatedRows();
    let row = 1;
    let accepted = 0;
    for (const cells of gen) {
      row++;
      const rec: CsvRecord = {};
      DOSSIER_COLUMNS.forEach((c, i) => {
        rec[c] = cells[i];
      });
      const f = fast(rec, row);
      const g = generalLine(rec, row);
      if (f.line !== null) {
        accepted++;
        expect(f.line).toBe(g.line);
        expect(f.info.received).toBe(g.received);
      }
    }
    // the generator writes only the plain shapes: the fast path takes every row
    expect(accepted).toBe(20_000);
  });

  it.each(plainShapes)('the same line as the general path: %s', (_what, patch) => {
    const rec = { ...base, ...patch } as CsvRecord;
    const f = fast(rec, 7);
    expect(f.line).not.toBeNull();
    const g = generalLine(rec, 7);
    expect(f.line).toBe(g.line);
    expect(f.info.received).toBe(g.received);
  });

  it('the due date computed across Tết: Fri 24/1 + 5 working days (27–31/1 off) = Fri 7/2', () => {
    const { line, info } = fast(base, 2);
    const cells = line!.trimEnd().split('\t');
    expect(cells[21]).toBe('2025-02-07'); // due_date
    expect(cells[22]).toBe('t'); // due_computed
    expect(cells[23]).toBe('early'); // resolved 6/2 < 7/2
    expect(info).toEqual({ received: true, computedYear: 2025 });
  });

  it.each(otherShapes)('leaves the row to the general path: %s', (_what, patch) => {
    expect(fast({ ...base, ...patch } as CsvRecord, 2).line).toBeNull();
  });
});
