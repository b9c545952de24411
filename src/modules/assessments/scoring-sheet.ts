// A unit's scoring sheet as the council prints it: Vietnamese administrative header, one row per item of
// the tree, declared data, how the rule scores, evidence, and the self / appraised / final points.
import ExcelJS from 'exceljs';
import type { AppContext } from '../../app-context';
import { itemMax } from '../../domain/framework/tree';
import { type FrameworkItem, type Rule, isGroup } from '../../domain/framework/types';
import { formatNumber, sumPoints } from '../../domain/scoring/round';
import type { Actor } from '../identity/access';
import * as repo from './assessments.repository';
import { nowOf } from './clock';
import { getAssessment } from './self-assessment.service';

export const SHEET_COLUMNS = ['STT', 'Tiêu chí', 'Điểm tối đa', 'Số liệu', 'Cách tính', 'Tài liệu kiểm chứng', 'Điểm tự chấm', 'Điểm thẩm định', 'Điểm cuối cùng'];

const n = (v: number) => formatNumber(v);

/** How the rule turns the declared data into points, in the words of a decision. */
export function describeRule(rule: Rule, max: number): string {
  switch (rule.type) {
    case 'manual':
      return `Chấm trực tiếp từ 0 đến ${n(max)} điểm`;
    case 'binary':
      return `Có: ${n(max)} điểm; Không: 0 điểm`;
    case 'tiered':
      return rule.levels.map((l) => `${l.label}: ${n(l.points)}`).join('; ');
    case 'ratio':
    case 'data': {
      const source = rule.type === 'data' ? `Tự động từ chỉ số ${rule.indicator}. ` : '';
      if (rule.linear || !rule.thresholds) return `${source}Điểm = ${n(max)} × tỷ lệ %`;
      const t = [...rule.thresholds].sort((a, b) => b.minPercent - a.minPercent);
      return `${source}${t.map((x) => `≥ ${n(x.minPercent)}%: ${n(x.points)}`).join('; ')}`;
    }
    case 'count':
      return `${n(rule.pointsEach)} điểm/lần, tối đa ${n(max)}`;
    case 'deduction':
      return `Trừ ${n(rule.pointsEach)} điểm/lần, tối đa trừ ${n(max)}`;
    case 'bonus':
      return rule.pointsEach !== undefined ? `Thưởng ${n(rule.pointsEach)} điểm/lần, tối đa ${n(max)}` : `Điểm thưởng, tối đa ${n(max)}`;
    case 'survey':
      return `Từ kết quả khảo sát${rule.source ? ` (${rule.source})` : ''}: ${n(max)} × chỉ số %`;
  }
}

function vnDateLine(place: string, d: Date) {
  const v = new Date(d.getTime() + 7 * 3600_000);
  return `${place}, ngày ${String(v.getUTCDate()).padStart(2, '0')} tháng ${String(v.getUTCMonth() + 1).padStart(2, '0')} năm ${v.getUTCFullYear()}`;
}

export async function scoringSheet(ctx: AppContext, actor: Actor, cycleId: number, unitId: number) {
  const a = await getAssessment(ctx, actor, cycleId, unitId);
  const province = (await repo.provinceName(ctx.db))?.name.replace(/\s*\(.*\)\s*$/, '') ?? 'UBND tỉnh';
  const place = province.replace(/^UBND\s+tỉnh\s+/i, '');
  const fw = await ctx.db.selectFrom('cycle_units').innerJoin('frameworks', 'frameworks.id', 'cycle_units.framework_id').select('frameworks.tree').where('cycle_id', '=', cycleId).where('unit_id', '=', unitId).executeTakeFirstOrThrow();
  const framework = fw.tree as { items: FrameworkItem[]; name: string; code: string };
  const leaves = new Map(a.leaves.map((l) => [l.code, l]));

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bảng điểm', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [8, 52, 10, 14, 34, 30, 11, 11, 11].map((width) => ({ width }));
  const font = { name: 'Times New Roman', size: 12 };
  const put = (row: number, from: string, to: string, text: string, style: Partial<ExcelJS.Font> = {}) => {
    ws.mergeCells(`${from}${row}:${to}${row}`);
    const c = ws.getCell(`${from}${row}`);
    c.value = text;
    c.font = { ...font, ...style };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  put(1, 'A', 'C', province.toUpperCase());
  put(1, 'E', 'I', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true });
  put(2, 'A', 'C', 'HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC', { bold: true });
  put(2, 'E', 'I', 'Độc lập - Tự do - Hạnh phúc', { bold: true, underline: true });
  put(3, 'E', 'I', vnDateLine(place, nowOf(ctx)), { italic: true });
  put(5, 'A', 'I', `BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${a.cycle.year}`, { bold: true, size: 14 });
  put(6, 'A', 'I', `Đơn vị: ${a.unit.name} — ${framework.name} (${framework.code})`, { bold: true });
  ws.getRow(6).height = 30;
  const header = ws.getRow(8);
  header.values = SHEET_COLUMNS;
  header.height = 32;
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  header.eachCell((c) => {
    c.font = { ...font, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = border;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
  });

  const totals = { self: [] as number[], appraised: [] as number[], final: [] as number[] };
  const sums = (item: FrameworkItem, stage: 'self' | 'appraised' | 'final'): number | null => {
    if (!isGroup(item)) {
      const l = leaves.get(item.code);
      // "điểm thẩm định" is the appraiser's score; the unit's explanation is a proposal, settled in "điểm cuối cùng"
      const s = l?.[stage]?.computedPoints;
      return s ?? null;
    }
    const parts = item.children.map((c) => sums(c, stage)).filter((x): x is number => x !== null);
    return parts.length ? sumPoints(parts) : null;
  };
  const write = (item: FrameworkItem, depth: number) => {
    const group = isGroup(item);
    const l = group ? undefined : leaves.get(item.code);
    const declared = l?.self ? (l.self.na ? 'Không áp dụng' : (l.self.value ?? (l.self.points !== null ? n(l.self.points) : ''))) : '';
    const evidence = l ? [...l.files.map((f) => f.name), ...(l.self?.note ? [`Giải trình: ${l.self.note}`] : [])].join('\n') : '';
    const cell = (v: number | null) => (v === null ? '' : v);
    const row = ws.addRow([
      item.code,
      item.title,
      group ? itemMax(item) : (item as { maxPoints: number }).maxPoints,
      declared,
      group ? '' : describeRule((item as { rule: Rule }).rule, (item as { maxPoints: number }).maxPoints),
      evidence,
      cell(sums(item, 'self')),
      cell(sums(item, 'appraised')),
      cell(sums(item, 'final')),
    ]);
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.font = { ...font, bold: group && depth === 0 };
      c.border = border;
      c.alignment = { vertical: 'top', wrapText: true, horizontal: col >= 3 && col !== 4 && col !== 5 && col !== 6 ? 'center' : 'left', indent: col === 2 ? depth : 0 };
    });
    if (group) for (const child of item.children) write(child, depth + 1);
  };
  for (const area of framework.items) {
    write(area, 0);
    for (const stage of ['self', 'appraised', 'final'] as const) {
      const s = sums(area, stage);
      if (s !== null) totals[stage].push(s);
    }
  }
  const total = ws.addRow([
    '',
    'TỔNG CỘNG',
    sumPoints(framework.items.map(itemMax)),
    '',
    '',
    '',
    totals.self.length ? sumPoints(totals.self) : '',
    totals.appraised.length ? sumPoints(totals.appraised) : '',
    totals.final.length ? sumPoints(totals.final) : '',
  ]);
  total.eachCell({ includeEmpty: true }, (c) => {
    c.font = { ...font, bold: true };
    c.border = border;
    c.alignment = { horizontal: 'center', vertical: 'middle' };
  });
  ws.views = [{ state: 'frozen', ySplit: 8 }];
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { name: `bang-diem-${a.unit.code}-${a.cycle.year}.xlsx`, body };
}
