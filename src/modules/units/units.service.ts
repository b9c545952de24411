import type { Db } from '../../db/database';
import { buildLineage, currentSuccessors, lineageHistory, mapUnitToDate, type LineageGraph } from '../../domain/units/lineage';
import { FileFormatError } from '../../formats/file-format-error';
import { UNIT_COLUMNS, parseUnitRows } from '../../formats/units.format';
import { parseTable } from '../../formats/xlsx';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/audit.repository';
import { type Actor, canAccess, requireAccess, unitScope } from '../identity/access';
import { Permission } from '../identity/permissions';
import * as repo from './units.repository';

const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese alphabetical order (Đ after D, tones secondary), which byte order in SQL does not give. */
export async function listUnits(db: Db, actor: Actor) {
  const rows = await repo.listUnits(db, unitScope(actor, Permission.UnitsRead));
  return rows.sort((a, b) => viCollator.compare(a.name, b.name) || a.code.localeCompare(b.code));
}

/** A unit the actor may not see answers 404, so existence is not revealed to other units. */
export async function getUnit(db: Db, actor: Actor, id: number) {
  const unit = await repo.findUnitById(db, id);
  if (!unit || !canAccess(actor, Permission.UnitsRead, id)) {
    requireAccess(actor, Permission.UnitsRead, unit ? id : undefined);
    throw new AppError('not_found', 'Không tìm thấy đơn vị');
  }
  return unit;
}

export async function loadLineage(db: Db): Promise<{ graph: LineageGraph; byCode: Map<string, { id: number; code: string; name: string; group_code: string; valid_from: string | null; valid_to: string | null }> }> {
  const { units, edges } = await repo.allLineageRows(db);
  const succ = new Map<string, string[]>();
  for (const e of edges) succ.set(e.from, [...(succ.get(e.from) ?? []), e.to]);
  const graph = buildLineage(units.map((u) => ({ code: u.code, validFrom: u.valid_from, validTo: u.valid_to, successors: succ.get(u.code) ?? [] })));
  return { graph, byCode: new Map(units.map((u) => [u.code, u])) };
}

export function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** A unit's history: its predecessors through every merger and split, and its current successors. */
export async function unitHistory(db: Db, actor: Actor, id: number) {
  const unit = await getUnit(db, actor, id);
  const { graph, byCode } = await loadLineage(db);
  const describe = (code: string) => {
    const u = byCode.get(code)!;
    return { id: u.id, code: u.code, name: u.name, group: u.group_code, validFrom: u.valid_from, validTo: u.valid_to };
  };
  return {
    unit: describe(unit.code),
    predecessors: lineageHistory(graph, unit.code).map((p) => ({ ...describe(p.code), depth: p.depth })),
    successors: currentSuccessors(graph, unit.code, todayInVietnam())
      .filter((c) => c !== unit.code)
      .map(describe),
  };
}

export async function mapUnit(db: Db, actor: Actor, code: string, date: string) {
  requireAccess(actor, Permission.UnitsRead);
  const { graph, byCode } = await loadLineage(db);
  if (!byCode.has(code)) throw new AppError('not_found', `Không tìm thấy đơn vị "${code}"`);
  return mapUnitToDate(graph, code, date).map((c) => ({ code: c, name: byCode.get(c)!.name }));
}

/** Imports units.csv/.xlsx atomically: every row is checked first, then all are written in one transaction. */
export async function importUnits(db: Db, actor: Actor | null, file: Buffer, opts: { isDemo?: boolean } = {}) {
  if (actor) requireAccess(actor, Permission.UnitsManage);
  if (file.length === 0) throw new FileFormatError([{ row: 0, field: '', message: 'Tệp rỗng' }]);
  const { rows: records } = await parseTable(file, UNIT_COLUMNS);
  return db.transaction().execute(async (trx) => {
    const rows = parseUnitRows(records, await repo.codeParentMap(trx));
    await repo.ensureGroups(trx, rows.map((r) => r.group));
    const counts = await repo.upsertUnits(trx, rows, opts.isDemo);
    await recordAudit(trx, actor, { action: 'units.import', entity: 'units', after: { rows: rows.length, ...counts } });
    return { rows: rows.length, ...counts };
  });
}

export async function exportUnitsCsv(db: Db): Promise<string> {
  const { toCsv } = await import('../../formats/csv');
  const units = await repo.listUnits(db, 'all');
  const { edges } = await repo.allLineageRows(db);
  const succ = new Map<string, string[]>();
  for (const e of edges) succ.set(e.from, [...(succ.get(e.from) ?? []), e.to]);
  return toCsv(
    UNIT_COLUMNS,
    units.map((u) => [u.code, u.name, u.group_code, u.parent_code ?? '', u.valid_from ?? '', u.valid_to ?? '', (succ.get(u.code) ?? []).sort().join(';')]),
  );
}
