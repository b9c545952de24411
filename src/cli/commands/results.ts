// `chiso results --framework F.json --scores S.csv [--units U.csv] [--format csv|json]` (formats.md "Results").
// Units come from scores.csv; units.csv only names and groups them. Without units.csv unit_name is empty
// and every unit is ranked in one group.
import { readFile } from 'node:fs/promises';
import type { Framework } from '../../domain/framework/types';
import { compareVi } from '../../domain/scoring/collate';
import { rankUnits } from '../../domain/scoring/rank';
import { formatNumber } from '../../domain/scoring/round';
import { type UnitResult, scoreUnit } from '../../domain/scoring/score-unit';
import { toCsv } from '../../formats/csv';
import { FileFormatError } from '../../formats/file-format-error';
import { frameworkFromXlsx } from '../../formats/framework-xlsx';
import { parseFrameworkJson } from '../../formats/framework.format';
import { parseScores, scoresByUnit } from '../../formats/scores.format';
import { parseTable } from '../../formats/xlsx';
import { parseArgs, requireOption } from '../args';
import { CliError } from '../cli-error';

interface UnitInfo {
  name: string;
  group: string;
}

export interface UnitRow {
  unitCode: string;
  unitName: string;
  group: string;
  result: UnitResult;
  rank: number | null;
  areaRanks: Record<string, number | null>;
}

export async function run(args: string[]): Promise<number> {
  const { options } = parseArgs(args, { strings: ['framework', 'scores', 'units', 'format'] });
  const frameworkPath = requireOption(options, 'framework');
  const scoresPath = requireOption(options, 'scores');
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new CliError(`--format phải là csv hoặc json, không phải "${format}"`, 2);

  const framework = await reading(frameworkPath, async (buf) => (isZip(buf) ? frameworkFromXlsx(buf) : parseFrameworkJson(buf.toString('utf8'))));
  const units = options.units === undefined ? undefined : await reading(options.units, readUnits);
  const scores = await reading(scoresPath, (buf) => parseScores(buf, framework, units ? new Set(units.keys()) : undefined));

  const rows = computeResults(framework, scoresByUnit(scores), units);
  process.stdout.write(format === 'csv' ? resultsToCsv(framework, rows) : `${JSON.stringify(resultsToJson(rows), null, 2)}\n`);
  return 0;
}

/** Scores, ranks (within each unit group, overall and per area) and sorts: rank, then Vietnamese name, then code. */
export function computeResults(
  framework: Framework,
  entriesByUnit: Map<string, Parameters<typeof scoreUnit>[1]>,
  units?: ReadonlyMap<string, UnitInfo>,
): UnitRow[] {
  const scored = [...entriesByUnit].map(([unitCode, entries]) => ({
    unitCode,
    unitName: units?.get(unitCode)?.name ?? '',
    group: units?.get(unitCode)?.group ?? '',
    result: scoreUnit(framework, entries),
  }));
  const ranks = rankUnits(scored.map((s) => ({ unitCode: s.unitCode, group: s.group, result: s.result })));
  const rows: UnitRow[] = scored.map((s, i) => ({ ...s, rank: ranks[i].rank, areaRanks: ranks[i].areaRanks }));
  const rankKey = (r: number | null) => (r === null ? Number.POSITIVE_INFINITY : r);
  return rows.sort(
    (a, b) =>
      compareVi(a.group, b.group) ||
      rankKey(a.rank) - rankKey(b.rank) ||
      compareVi(a.unitName, b.unitName) ||
      compareVi(a.unitCode, b.unitCode),
  );
}

export function resultsToCsv(framework: Framework, rows: readonly UnitRow[]): string {
  const areaCodes = framework.items.map((a) => a.code);
  const header = ['unit_code', 'unit_name', 'points', 'max_points', 'percent', 'band', 'rank', ...areaCodes.map((c) => `points:${c}`)];
  return toCsv(
    header,
    rows.map((r) => [
      r.unitCode,
      r.unitName,
      formatNumber(r.result.points),
      formatNumber(r.result.maxPoints),
      formatNumber(r.result.percent),
      r.result.band ?? '',
      r.rank ?? '',
      ...areaCodes.map((c) => formatNumber(r.result.areas.find((a) => a.code === c)?.points ?? 0)),
    ]),
  );
}

/** The CSV fields (same names, numbers as numbers) plus per-area ranks and per-item detail. */
export function resultsToJson(rows: readonly UnitRow[]): Record<string, unknown>[] {
  return rows.map((r) => {
    const out: Record<string, unknown> = {
      unit_code: r.unitCode,
      unit_name: r.unitName,
      group: r.group,
      points: r.result.points,
      max_points: r.result.maxPoints,
      percent: r.result.percent,
      band: r.result.band,
      rank: r.rank,
    };
    for (const a of r.result.areas) out[`points:${a.code}`] = a.points;
    out.pending_points = r.result.pendingPoints;
    out.areas = r.result.areas.map((a) => ({
      code: a.code,
      title: a.title,
      points: a.points,
      max_points: a.maxPoints,
      percent: a.percent,
      rank: r.areaRanks[a.code] ?? null,
      pending_points: a.pendingPoints,
    }));
    out.items = r.result.items.map((i) => ({
      code: i.code,
      title: i.title,
      area: i.areaCode,
      rule: i.ruleType,
      max_points: i.maxPoints,
      counted_max: i.countedMax,
      points: i.points,
      na: i.na,
      stage: i.stage,
      pending: i.pending,
      stages: i.stages.map((s) => ({
        stage: s.stage,
        value: s.value ?? null,
        points: s.points,
        explicit_points: s.explicitPoints ?? null,
        na: s.na,
        note: s.note ?? null,
        ...(s.error ? { error: s.error } : {}),
      })),
    }));
    return out;
  });
}

async function readUnits(buf: Buffer): Promise<Map<string, UnitInfo>> {
  const { rows } = await parseTable(buf, ['code', 'name']);
  const issues = rows.flatMap((r, i) => (r.code === '' ? [{ row: i + 2, field: 'code', message: 'thiếu mã đơn vị' }] : []));
  if (issues.length > 0) throw new FileFormatError(issues);
  return new Map(rows.map((r) => [r.code, { name: r.name ?? '', group: r.group ?? '' }]));
}

/** Reads one input file; any format problem becomes a CliError naming the file, row and field. */
async function reading<T>(path: string, parse: (buf: Buffer) => T | Promise<T>): Promise<T> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new CliError(`không đọc được tệp ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return await parse(buf);
  } catch (err) {
    if (err instanceof FileFormatError) throw new CliError(`tệp ${path} không hợp lệ:\n${err.message}`);
    throw err;
  }
}

function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}
