// The items the dossier import reads (recordsFromBytes in onestop.import.ts yields them): records, arrays of
// records, and pieces of plain CSV lines (formats/csv-lines.ts) that the byte reader reads in place and
// every other reader turns into the same records with recordsOf.
import { cellsOfPiece, isLinePiece, type LinePiece } from '../../formats/csv-lines';
import type { CsvRecord } from '../../formats/csv';

/** A piece of plain lines of a dossier file, with where each dossier column is (-1: not in the file). */
export interface DossierLines extends LinePiece {
  readonly columns: readonly number[];
}

/** What recordsFromBytes yields (and the import reads): records one by one, in arrays, or plain lines. */
export type DossierItem = CsvRecord | readonly CsvRecord[] | DossierLines;

/** The records of an item. */
export function recordsOf(item: DossierItem): readonly CsvRecord[] {
  if (isLinePiece(item)) return cellsOfPiece(item).map((cells) => dossierRecord(cells, item.columns));
  return Array.isArray(item) ? (item as readonly CsvRecord[]) : [item as CsvRecord];
}

/** Records in an item, without reading them. */
export const recordCount = (item: DossierItem) => (isLinePiece(item) ? item.records : Array.isArray(item) ? item.length : 1);

/** Cell `i` of a row, undefined for a column the file lacks (-1). */
const cellAt = (cells: readonly string[], i: number): string | undefined => (i < 0 ? undefined : cells[i]);

/** The record of one CSV row: an object literal of the dossier columns, so every record has one shape. */
export function dossierRecord(cells: readonly string[], at: readonly number[]): CsvRecord {
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
