// A framework as an Excel workbook, for offices that draft criteria in spreadsheets: an "items" sheet
// (one row per item, tree by parent_code) and a "meta" sheet. Extra item fields of the JSON are not carried.
import ExcelJS from 'exceljs';
import type { Framework, FrameworkItem, Rule } from '../domain/framework/types';
import { isGroup } from '../domain/framework/types';
import { validateFramework } from '../domain/framework/validate';
import { FileFormatError, type RowIssue } from './file-format-error';
import { checkZipBomb } from './xlsx';

export const ITEM_COLUMNS = [
  'code',
  'title',
  'max_points',
  'rule_type',
  'rule_params',
  'evidence_required',
  'allow_na',
  'parent_code',
] as const;
export const META_COLUMNS = ['code', 'name', 'year', 'unitGroup', 'source', 'bands', 'note'] as const;

export async function frameworkToXlsx(framework: Framework): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const items = wb.addWorksheet('items');
  items.addRow([...ITEM_COLUMNS]);
  const walk = (item: FrameworkItem, parent: string) => {
    if (isGroup(item)) {
      items.addRow([item.code, item.title, '', '', '', '', '', parent]);
      for (const child of item.children) walk(child, item.code);
      return;
    }
    const { type, ...params } = item.rule;
    items.addRow([
      item.code,
      item.title,
      item.maxPoints,
      type,
      Object.keys(params).length > 0 ? JSON.stringify(params) : '',
      boolCell(item.evidenceRequired),
      boolCell(item.allowNotApplicable),
      parent,
    ]);
  };
  for (const item of framework.items) walk(item, '');
  const meta = wb.addWorksheet('meta');
  meta.addRow([...META_COLUMNS]);
  meta.addRow([
    framework.code,
    framework.name,
    framework.year,
    framework.unitGroup,
    framework.source ?? '',
    JSON.stringify(framework.bands),
    framework.note ?? '',
  ]);
  // Text format keeps codes such as "1.10" from turning into the number 1.1.
  items.getColumn(1).numFmt = '@';
  items.getColumn(8).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function boolCell(v: boolean | undefined): string | number {
  return v === undefined ? '' : v ? 1 : 0;
}

interface Row {
  row: number;
  cells: Record<string, string>;
}

export async function frameworkFromXlsx(buf: Buffer): Promise<Framework> {
  await checkZipBomb(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new FileFormatError([{ row: 0, field: '', message: 'Không đọc được tệp Excel (.xlsx)' }]);
  }
  const itemSheet = wb.getWorksheet('items') ?? wb.worksheets[0];
  const metaSheet = wb.getWorksheet('meta');
  if (!itemSheet || !metaSheet) {
    throw new FileFormatError([{ row: 0, field: '', message: 'Tệp Excel bộ chỉ số cần hai trang tính "items" và "meta"' }]);
  }
  const issues: RowIssue[] = [];
  const itemRows = readSheet(itemSheet, ITEM_COLUMNS, 'items', issues);
  const metaRows = readSheet(metaSheet, META_COLUMNS, 'meta', issues);
  if (issues.length > 0) throw new FileFormatError(issues);
  if (metaRows.length !== 1) throw new FileFormatError([{ row: 2, field: 'meta', message: 'Trang "meta" phải có đúng một dòng dữ liệu' }]);

  const meta = metaRows[0];
  const rowOf = new Map<string, number>();
  const built = buildTree(itemRows, rowOf, issues);
  const json = {
    code: meta.cells.code,
    name: meta.cells.name,
    year: meta.cells.year === '' ? undefined : Number(meta.cells.year),
    unitGroup: meta.cells.unitGroup,
    ...(meta.cells.source ? { source: meta.cells.source } : {}),
    ...(meta.cells.note ? { note: meta.cells.note } : {}),
    bands: parseJsonCell(meta.cells.bands, meta.row, 'bands', issues),
    items: built,
  };
  if (issues.length > 0) throw new FileFormatError(issues);
  const result = validateFramework(json);
  if (!result.ok) {
    throw new FileFormatError(result.issues.map((i) => locate(i.path, i.message, json.items, rowOf, meta.row)));
  }
  return result.framework;
}

function readSheet(ws: ExcelJS.Worksheet, columns: readonly string[], name: string, issues: RowIssue[]): Row[] {
  const header: string[] = [];
  const rows: Row[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) values.push(cellText(row.getCell(c).value).trim());
    if (header.length === 0) {
      header.push(...values);
      return;
    }
    const cells: Record<string, string> = {};
    header.forEach((h, i) => {
      cells[h] = values[i] ?? '';
    });
    if (Object.values(cells).some((v) => v !== '')) rows.push({ row: rowNumber, cells });
  });
  for (const c of columns) {
    if (!header.includes(c)) issues.push({ row: 1, field: c, message: `Trang "${name}" thiếu cột "${c}"` });
  }
  return rows;
}

function buildTree(rows: Row[], rowOf: Map<string, number>, issues: RowIssue[]): unknown[] {
  const nodes = new Map<string, Record<string, unknown>>();
  const parentOf = new Map<string, string>();
  for (const { row, cells } of rows) {
    const code = cells.code;
    if (code === '') {
      issues.push({ row, field: 'code', message: 'thiếu mã mục' });
      continue;
    }
    if (nodes.has(code)) {
      issues.push({ row, field: 'code', message: `mã mục "${code}" bị trùng (dòng ${rowOf.get(code)})` });
      continue;
    }
    rowOf.set(code, row);
    const node: Record<string, unknown> = { code, title: cells.title };
    if (cells.max_points !== '') {
      const n = Number(cells.max_points);
      if (!Number.isFinite(n)) issues.push({ row, field: 'max_points', message: `"${cells.max_points}" không phải là số` });
      node.maxPoints = n;
    }
    if (cells.rule_type !== '') {
      const params = cells.rule_params === '' ? {} : parseJsonCell(cells.rule_params, row, 'rule_params', issues);
      node.rule = { type: cells.rule_type, ...(params && typeof params === 'object' ? params : {}) } as Rule;
    }
    const evidence = boolCellValue(cells.evidence_required, row, 'evidence_required', issues);
    if (evidence !== undefined) node.evidenceRequired = evidence;
    const na = boolCellValue(cells.allow_na, row, 'allow_na', issues);
    if (na !== undefined) node.allowNotApplicable = na;
    nodes.set(code, node);
    if (cells.parent_code !== '') parentOf.set(code, cells.parent_code);
  }
  const roots: unknown[] = [];
  for (const [code, node] of nodes) {
    const parent = parentOf.get(code);
    if (parent === undefined) {
      roots.push(node);
      continue;
    }
    const p = nodes.get(parent);
    if (!p) {
      issues.push({ row: rowOf.get(code)!, field: 'parent_code', message: `mục cha "${parent}" không có trong bảng` });
      continue;
    }
    const siblings = (p.children as unknown[] | undefined) ?? [];
    siblings.push(node);
    p.children = siblings;
  }
  // every item must hang from a root; a cycle in parent_code leaves its items unreachable
  for (const [code, parent] of parentOf) {
    const seen = new Set<string>([code]);
    let cur: string | undefined = parent;
    while (cur !== undefined && !seen.has(cur)) {
      seen.add(cur);
      cur = parentOf.get(cur);
    }
    if (cur !== undefined && nodes.has(cur)) {
      issues.push({ row: rowOf.get(code)!, field: 'parent_code', message: `mục "${code}" nằm trong vòng lặp mục cha` });
    }
  }
  return roots;
}

/** Maps a validation path (items.0.children.2.rule…) to the row of the item and the column it concerns. */
function locate(path: string, message: string, items: unknown, rowOf: Map<string, number>, metaRow: number): RowIssue {
  const parts = path.split('.');
  if (parts[0] !== 'items') return { row: metaRow, field: parts[0] ?? '', message };
  let node: unknown = { items };
  let code: string | undefined;
  let field = 'code';
  for (const p of parts) {
    if (node && typeof node === 'object' && p in (node as object)) {
      node = (node as Record<string, unknown>)[p];
      const c = node && typeof node === 'object' ? (node as { code?: unknown }).code : undefined;
      if (typeof c === 'string') code = c;
    }
    if (p === 'maxPoints') field = 'max_points';
    else if (p === 'rule') field = 'rule_params';
    else if (p === 'type') field = 'rule_type';
    else if (p === 'title') field = 'title';
    else if (p === 'children') field = 'parent_code';
  }
  return { row: code !== undefined ? (rowOf.get(code) ?? 0) : 0, field, message };
}

function parseJsonCell(text: string, row: number, field: string, issues: RowIssue[]): unknown {
  try {
    return JSON.parse(text);
  } catch {
    issues.push({ row, field, message: `"${text}" không phải JSON hợp lệ` });
    return undefined;
  }
}

function boolCellValue(raw: string, row: number, field: string, issues: RowIssue[]): boolean | undefined {
  const v = raw.toLowerCase();
  if (v === '') return undefined;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  issues.push({ row, field, message: `giá trị "${raw}" không phải 1/0/true/false` });
  return undefined;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && !(v instanceof Date)) {
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    return '';
  }
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}
