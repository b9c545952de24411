import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from './file-format-error';
import { type SurveyResponse, ResponseRowParser, forEachResponse } from './responses.format';
import { parseSurveyForm } from './survey-form.format';

const fixture = (name: string) => new URL(`../../test/fixtures/survey/${name}`, import.meta.url);
const form = parseSurveyForm(readFileSync(fixture('form.json'), 'utf8'));
const options = { defaultTextMaxLength: 2000 };

async function collect(source: Buffer | AsyncIterable<string>): Promise<SurveyResponse[]> {
  const out: SurveyResponse[] = [];
  await forEachResponse(source, form, options, (r) => out.push(r));
  return out;
}

async function issuesOf(source: Buffer): Promise<string[]> {
  try {
    await collect(source);
  } catch (err) {
    if (err instanceof FileFormatError) return err.issues.map((i) => `${i.row}|${i.field}|${i.message}`);
    throw err;
  }
  return [];
}

describe('responses.csv', () => {
  it('reads every row, converts answers and drops hidden ones', async () => {
    const rows = await collect(readFileSync(fixture('responses.csv')));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatchObject({ responseId: 'r01', unitCode: 'U02', channel: 'qr', answers: { Q1: 5, M3a: 5, HAS_FB: 'co', GENDER: 'nam' } });
    expect(rows[0].submittedAt.toISOString()).toBe('2025-03-14T01:30:00.000Z');
    // no offset = Vietnam time
    expect(rows[1].submittedAt.toISOString()).toBe('2025-03-14T02:00:00.000Z');
    expect(rows[1].answers.NOTE).toBe('Tốt, nhanh');
    // r04 answered F1 although HAS_FB = khong
    expect(rows[3].answers.F1).toBeUndefined();
    expect(rows[3].dropped.map((d) => d.question)).toEqual(['F1']);
  });

  it('reports every bad row with its row number and column', async () => {
    expect(await issuesOf(readFileSync(fixture('responses-bad.csv')))).toEqual([
      '3|response_id|mã phiếu trả lời "r01" bị trùng',
      '4|form_code|mã phiếu khảo sát "KHAC" khác phiếu đang dùng "TEST-SIPAS"',
      '5|channel|kênh "email" không hợp lệ (chỉ nhận qr, kiosk, web, interviewer, paper)',
      '6|submitted_at|thời điểm "2025-13-01" không hợp lệ (ISO 8601, ví dụ 2025-03-14T08:30:00+07:00)',
      '7|Q1|câu trả lời "6" ngoài thang điểm 1–5',
      '8|GENDER|lựa chọn "khac" không có trong danh sách (nam, nu)',
    ]);
  });

  it('refuses a column that is no question of the form, and missing base columns', async () => {
    expect(await issuesOf(readFileSync(fixture('responses-unknown-column.csv')))).toEqual([
      '1|Q9|cột "Q9" không phải mã câu hỏi nào của phiếu TEST-SIPAS',
    ]);
    expect(await issuesOf(Buffer.from('response_id,form_code,Q1\nr1,TEST-SIPAS,4\n'))).toEqual([
      '1|unit_code|Thiếu cột "unit_code"',
      '1|channel|Thiếu cột "channel"',
      '1|submitted_at|Thiếu cột "submitted_at"',
    ]);
  });

  it('accepts a BOM and streamed chunks that split rows', async () => {
    const text = `\ufeffresponse_id,form_code,unit_code,channel,submitted_at,Q1\nr1,TEST-SIPAS,U1,web,2025-03-14,4\nr2,TEST-SIPAS,U1,web,2025-03-14,`;
    async function* chunks() {
      for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
    }
    const rows = await collect(chunks());
    expect(rows.map((r) => [r.responseId, r.answers.Q1])).toEqual([
      ['r1', 4],
      ['r2', undefined],
    ]);
  });

  it('reads the .xlsx version with the same header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('responses');
    ws.addRow(['response_id', 'form_code', 'unit_code', 'channel', 'submitted_at', 'Q1', 'P1']);
    ws.addRow(['x1', 'TEST-SIPAS', 'U1', 'paper', '2025-03-14', 5, 9]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await issuesOf(buf)).toEqual(['2|P1|câu trả lời "9" ngoài thang điểm 1–5']);
  });

  it('the row parser can be driven one record at a time (server streaming)', () => {
    const p = new ResponseRowParser(form, ['response_id', 'form_code', 'unit_code', 'channel', 'submitted_at', 'R1'], options);
    const ok = p.parseRow({ response_id: 'a', form_code: 'TEST-SIPAS', unit_code: 'U', channel: 'kiosk', submitted_at: '2025-01-02T03:04', R1: '4' }, 2);
    expect(ok?.answers).toEqual({ R1: 4 });
    expect(p.parseRow({ response_id: '', form_code: 'TEST-SIPAS', unit_code: 'U', channel: 'kiosk', submitted_at: '', R1: '' }, 3)).toBeNull();
    expect(p.issues.map((i) => i.field)).toEqual(['response_id', 'submitted_at']);
    expect(() => p.finish()).toThrow(FileFormatError);
  });
});
