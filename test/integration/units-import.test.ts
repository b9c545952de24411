import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: false });
});
afterAll(() => t?.close());

const HEADER = 'code,name,group,parent_code,valid_from,valid_to,successors';
const count = async () => Number((await sql<{ n: number }>`select count(*) as n from units`.execute(t.ctx.db)).rows[0].n);

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('units');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('units import over the API', () => {
  it('imports a CSV with a merger and a split, then an XLSX updating a name', async () => {
    const admin = await t.login('admin');
    const csv = `\uFEFF${HEADER}
P,Tỉnh P,province,,2025-07-01,,
A,Xã A,commune,P,2000-01-01,2025-06-30,M
B,Xã B,commune,P,2000-01-01,2025-06-30,M
C,Xã C,commune,P,2000-01-01,2025-06-30,C1;C2
M,Xã M,commune,P,2025-07-01,,
C1,Xã C1,commune,P,2025-07-01,,
C2,Xã C2,commune,P,2025-07-01,,
`;
    const r = await admin.upload('/api/units/import', 'units.csv', csv);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ rows: 7, inserted: 7, updated: 0 });
    const file = await xlsx([HEADER.split(','), ['M', 'Xã M (sau sáp nhập)', 'commune', 'P', '2025-07-01', '', '']]);
    const r2 = await admin.upload('/api/units/import', 'units.xlsx', file);
    expect(r2.statusCode, r2.body).toBe(200);
    expect(r2.json()).toEqual({ rows: 1, inserted: 0, updated: 1 });
    const m = await t.ctx.db.selectFrom('units').select('name').where('code', '=', 'M').executeTakeFirstOrThrow();
    expect(m.name).toBe('Xã M (sau sáp nhập)');
    const map = (await admin.get('/api/units-map?code=C&date=2026-01-01')).json();
    expect(map.map((u: { code: string }) => u.code)).toEqual(['C1', 'C2']);
    const back = (await admin.get('/api/units-map?code=M&date=2024-01-01')).json();
    expect(back.map((u: { code: string }) => u.code)).toEqual(['A', 'B']);
  });

  const bad: [string, string, string][] = [
    ['duplicate code', `${HEADER}\nD1,Một,commune,,,,\nD1,Hai,commune,,,,\n`, 'Dòng 3, cột code: mã "D1" trùng với dòng 2'],
    ['unknown parent', `${HEADER}\nD2,Hai,commune,KHONG,,,\n`, 'Dòng 2, cột parent_code: đơn vị cấp trên "KHONG" không tồn tại'],
    ['a cycle', `${HEADER}\nD3,Ba,commune,D4,,,\nD4,Bốn,commune,D3,,,\n`, 'vòng lặp cấp trên'],
    ['missing successor', `${HEADER}\nD5,Năm,commune,,,,NOPE\n`, 'Dòng 2, cột successors: đơn vị kế thừa "NOPE" không tồn tại'],
    ['bad date', `${HEADER}\nD6,Sáu,commune,,2025-02-30,,\n`, 'Dòng 2, cột valid_from: ngày "2025-02-30" không hợp lệ'],
    ['end before start', `${HEADER}\nD7,Bảy,commune,,2025-02-01,2025-01-01,\n`, 'Dòng 2, cột valid_to: ngày kết thúc trước ngày bắt đầu'],
    ['missing column', 'code,name\nD8,Tám\n', 'Thiếu cột "group"'],
    ['empty file', '', 'Tệp rỗng'],
  ];
  for (const [what, file, message] of bad) {
    it(`refuses ${what} with its row and writes nothing`, async () => {
      const admin = await t.login('admin');
      const before = await count();
      const auditBefore = Number((await sql<{ n: number }>`select count(*) as n from audit_log where action = 'units.import'`.execute(t.ctx.db)).rows[0].n);
      const r = await admin.upload('/api/units/import', 'units.csv', file);
      expect(r.statusCode).toBe(400);
      expect(r.json().message).toContain(message);
      expect(await count()).toBe(before);
      const auditAfter = Number((await sql<{ n: number }>`select count(*) as n from audit_log where action = 'units.import'`.execute(t.ctx.db)).rows[0].n);
      expect(auditAfter).toBe(auditBefore);
    });
  }

  it('refuses a valid file mixed with one bad row as a whole', async () => {
    const admin = await t.login('admin');
    const before = await count();
    const r = await admin.upload('/api/units/import', 'units.csv', `${HEADER}\nOK1,Tốt,commune,,,,\nOK2,Tốt,commune,,,,\nBAD,,commune,,,,\n`);
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('Dòng 4, cột name: thiếu tên đơn vị');
    expect(await count()).toBe(before);
  });

});
