// Files out of a campaign: responses (CSV / XLSX with stable columns), results (XLSX), and the printable
// PDF sheet of counter QR codes.
import { createRequire } from 'node:module';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/database';
import { type SurveyForm, answerCodes } from '../../domain/survey';
import { toCsv } from '../../formats/csv';
import { RESPONSE_COLUMNS } from '../../formats/responses.format';
import * as repo from './surveys.repository';
import type { CampaignResults } from './surveys.results';

/**
 * The answer columns of a form code across all its versions: the first version's order, then codes added by
 * later versions. Exports of any campaign of this form line up column for column, whatever changed since.
 */
export async function stableAnswerColumns(db: Db, formCode: string): Promise<string[]> {
  const versions = await repo.formVersions(db, formCode);
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const v of versions) {
    for (const c of answerCodes(v.definition as SurveyForm)) {
      if (!seen.has(c)) {
        seen.add(c);
        cols.push(c);
      }
    }
  }
  return cols;
}

function cell(v: unknown): string | number {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(';');
  return typeof v === 'number' ? v : String(v);
}

/**
 * Counted responses by default (what the indices use); `all` adds flagged and rejected ones with two audit
 * columns at the end (review, flags), which `chiso sipas` does not read.
 */
export async function responsesTable(db: Db, campaignId: number, formCode: string, all: boolean) {
  const answerCols = await stableAnswerColumns(db, formCode);
  let q = db
    .selectFrom('survey_responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.client_id', 'u.code as unit_code', 'r.channel', 'r.submitted_at', 'r.answers', 'r.review', 'r.flags'])
    .where('r.campaign_id', '=', campaignId)
    .orderBy('r.id');
  if (!all) q = q.where('r.review', 'in', ['ok', 'accepted']);
  const rows = await q.execute();
  const header = [...RESPONSE_COLUMNS, ...answerCols, ...(all ? ['review', 'flags'] : [])];
  const data = rows.map((r) => [
    r.client_id,
    formCode,
    r.unit_code,
    r.channel,
    new Date(r.submitted_at).toISOString(),
    ...answerCols.map((c) => cell((r.answers as Record<string, unknown>)[c])),
    ...(all ? [r.review, r.flags.join(';')] : []),
  ]);
  return { header, data };
}

export async function responsesCsv(db: Db, campaignId: number, formCode: string, all: boolean): Promise<string> {
  const t = await responsesTable(db, campaignId, formCode, all);
  return toCsv(t.header, t.data);
}

export async function responsesXlsx(db: Db, campaignId: number, formCode: string, all: boolean): Promise<Buffer> {
  const t = await responsesTable(db, campaignId, formCode, all);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('responses');
  ws.addRow(t.header);
  for (const r of t.data) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ELEMENT_NAMES: Record<string, string> = {
  '1': 'Tiếp cận dịch vụ',
  '2': 'Thủ tục hành chính',
  '3': 'Công chức giải quyết công việc',
  '4': 'Kết quả',
  '5': 'Tiếp nhận, xử lý góp ý, phản ánh',
  overall: 'Chung',
};

export async function resultsXlsx(r: CampaignResults & { campaign: { code: string; name: string } }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('SIPAS');
  ws.addRow(['unit_code', 'unit_name', 'rank', 'responses', 'element', 'element_name', 'index', 'n', 'ci_low', 'ci_high', 'weighted_index', 'weighted_n_eff']);
  const emit = (code: string, name: string, rank: number | null, responses: number, rows: CampaignResults['province']['rows'], weighted?: CampaignResults['units'][number]['weighted']) => {
    for (const row of rows) {
      const w = weighted?.find((x) => x.element === row.element);
      ws.addRow([code, name, rank ?? '', responses, String(row.element), ELEMENT_NAMES[String(row.element)], row.index ?? '', row.n ?? '', row.ciLow ?? '', row.ciHigh ?? '', w?.index ?? '', w?.nEffective ?? '']);
    }
  };
  emit('', 'Toàn đợt khảo sát', null, r.province.responses, r.province.rows);
  for (const u of r.units) emit(u.code, u.name, u.rank, u.responses, u.rows, u.weighted);
  ws.getRow(1).font = { bold: true };
  if (r.sociological.length) {
    const s = wb.addWorksheet('XHH');
    s.addRow(['unit_code', 'unit_name', 'item', 'item_text', 'mean_percent', 'n']);
    for (const u of r.sociological) for (const i of u.items) s.addRow([u.unitCode, u.unitName, i.code, i.text, i.meanPercent ?? '', i.n]);
    s.getRow(1).font = { bold: true };
  }
  if (r.trend.length) {
    const t = wb.addWorksheet('Xu hướng');
    t.addRow(['month', 'responses', 'overall_index']);
    for (const m of r.trend) t.addRow([m.month, m.responses, m.rows.at(-1)?.index ?? '']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// pdfmake's bundled Roboto covers Vietnamese diacritics, so the sheet needs no system font.
const require = createRequire(import.meta.url);
let pdfmakeReady: Promise<typeof import('pdfmake')> | null = null;
function pdfmake() {
  pdfmakeReady ??= (async () => {
    const mod = (await import('pdfmake')) as unknown as { default?: typeof import('pdfmake') } & typeof import('pdfmake');
    const pm = mod.default ?? mod;
    const dir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
    pm.setFonts({
      Roboto: {
        normal: path.join(dir, 'Roboto-Regular.ttf'),
        bold: path.join(dir, 'Roboto-Medium.ttf'),
        italics: path.join(dir, 'Roboto-Italic.ttf'),
        bolditalics: path.join(dir, 'Roboto-MediumItalic.ttf'),
      },
    });
    // the document only embeds fonts from this folder and QR codes it draws itself: no URL is ever fetched
    pm.setUrlAccessPolicy(() => false);
    pm.setLocalAccessPolicy((p: string) => path.resolve(p).startsWith(dir));
    return pm;
  })();
  return pdfmakeReady;
}

/** One card per unit: the counter QR (channel qr), the campaign name and the short link, two per row on A4. */
export async function qrSheetPdf(campaign: { code: string; name: string; periodStart: string; periodEnd: string }, units: { code: string; name: string }[], baseUrl: string): Promise<Buffer> {
  const pm = await pdfmake();
  const fmt = (d: string) => d.split('-').reverse().join('/');
  const cards = units.map((u) => {
    const url = `${baseUrl}/s/c/${encodeURIComponent(campaign.code)}?u=${encodeURIComponent(u.code)}&k=qr`;
    return {
      stack: [
        { text: u.name, style: 'unit' },
        { text: 'Quét mã để đánh giá sự hài lòng', style: 'cta' },
        { qr: url, fit: 170, alignment: 'center', margin: [0, 8, 0, 8] },
        { text: campaign.name, style: 'small' },
        { text: url, style: 'link' },
        { text: `Từ ${fmt(campaign.periodStart)} đến ${fmt(campaign.periodEnd)} · Phiếu ẩn danh`, style: 'small' },
      ],
      margin: [8, 8, 8, 8],
      unbreakable: true,
    };
  });
  const rows: unknown[][] = [];
  for (let i = 0; i < cards.length; i += 2) rows.push([cards[i], cards[i + 1] ?? { text: '' }]);
  const doc = pm.createPdf({
    pageSize: 'A4',
    pageMargins: [28, 36, 28, 36],
    info: { title: `Mã QR khảo sát — ${campaign.name}` },
    content: [
      { text: `Mã QR đặt tại quầy — ${campaign.name}`, style: 'title' },
      rows.length
        ? { table: { widths: ['*', '*'], body: rows, dontBreakRows: true }, layout: { hLineColor: () => '#9ca3af', vLineColor: () => '#9ca3af', hLineStyle: () => ({ dash: { length: 4 } }), vLineStyle: () => ({ dash: { length: 4 } }) } }
        : { text: 'Đợt khảo sát chưa có đơn vị.' },
    ],
    styles: {
      title: { fontSize: 14, bold: true, margin: [0, 0, 0, 12] },
      unit: { fontSize: 15, bold: true, alignment: 'center' },
      cta: { fontSize: 12, alignment: 'center', margin: [0, 4, 0, 0] },
      small: { fontSize: 9, alignment: 'center', color: '#374151' },
      link: { fontSize: 8, alignment: 'center', color: '#1d4ed8' },
    },
    defaultStyle: { font: 'Roboto' },
  } as never);
  return Buffer.from(await doc.getBuffer());
}
