import { describe, expect, it } from 'vitest';
import type { Procedure } from '../domain/onestop/types';
import { parseCsv } from './csv';
import { createDossierParseContext, parseDossierRow, parseDossierRows, parseDossiersFile } from './dossiers.format';

const HEADER =
  'dossier_code,procedure_code,unit_code,channel,received_at,due_at,resolved_at,returned_at,status,paused_days,apology_at,new_due_at,paid_online,digitized,e_result,rating';
const GOOD = 'D1,P1,U1,online,2025-03-03T09:00,2025-03-10,2025-03-07T15:00,,10,0,,,1,true,0,5';
const proc: Procedure = {
  code: 'P1',
  name: '',
  sector: '',
  level: '',
  processingDays: 5,
  processingHours: null,
  onlineLevel: null,
  feeVnd: null,
  cutPercent: null,
  unitCode: null,
};
const ctx = () => createDossierParseContext({ procedures: new Map([['P1', proc]]), units: new Set(['U1']), notReceivedStatuses: new Set([1, 3]) });
const issuesOf = (lines: string[]) => parseDossierRows(parseCsv([HEADER, ...lines].join('\n')).rows, ctx()).issues.map((i) => [i.row, i.field]);

describe('dossiers.csv', () => {
  it('parses a good row into a typed dossier', () => {
    const { dossiers, issues } = parseDossierRows(parseCsv(`${HEADER}\n${GOOD}\n`).rows, ctx());
    expect(issues).toEqual([]);
    expect(dossiers[0]).toMatchObject({ dossierCode: 'D1', channel: 'online', status: 10, paidOnline: true, digitized: true, eResult: false, rating: 5 });
    expect(dossiers[0].receivedAt?.toISOString()).toBe('2025-03-03T02:00:00.000Z');
  });

  it.each([
    ['unknown procedure code', 'D2,P9,U1,online,2025-03-03,2025-03-10,,,4,0,,,0,0,0,', 'procedure_code'],
    ['unknown unit code', 'D2,P1,U9,online,2025-03-03,2025-03-10,,,4,0,,,0,0,0,', 'unit_code'],
    ['resolved before received', 'D2,P1,U1,online,2025-03-03T09:00,2025-03-10,2025-03-03T08:59,,10,0,,,0,0,0,', 'resolved_at'],
    ['a date that does not parse', 'D2,P1,U1,online,2025-02-30,2025-03-10,,,4,0,,,0,0,0,', 'received_at'],
    ['status outside 1–10', 'D2,P1,U1,online,2025-03-03,2025-03-10,,,11,0,,,0,0,0,', 'status'],
    ['status not a number', 'D2,P1,U1,online,2025-03-03,2025-03-10,,,xong,0,,,0,0,0,', 'status'],
    ['channel not online/direct/postal', 'D2,P1,U1,fax,2025-03-03,2025-03-10,,,4,0,,,0,0,0,', 'channel'],
    ['rating outside 1–5', 'D2,P1,U1,online,2025-03-03,2025-03-10,,,4,0,,,0,0,0,6', 'rating'],
    ['bad boolean', 'D2,P1,U1,online,2025-03-03,2025-03-10,,,4,0,,,yes,0,0,', 'paid_online'],
    ['negative paused days', 'D2,P1,U1,online,2025-03-03,2025-03-10,,,4,-1,,,0,0,0,', 'paused_days'],
    ['missing dossier code', ',P1,U1,online,2025-03-03,2025-03-10,,,4,0,,,0,0,0,', 'dossier_code'],
  ])('%s → row 3, its field', (_what, line, field) => {
    expect(issuesOf([GOOD, line])).toEqual([[3, field]]);
  });

  it('a dossier code twice in one file names the first row', () => {
    const { issues } = parseDossierRows(parseCsv(`${HEADER}\n${GOOD}\n${GOOD}\n`).rows, ctx());
    expect(issues).toEqual([{ row: 3, field: 'dossier_code', message: 'mã hồ sơ "D1" trùng với dòng 2' }]);
  });

  it('an empty due_at needs the catalogue, unless the dossier was not received', () => {
    const noCatalogue = createDossierParseContext();
    const rec = parseCsv(`${HEADER}\nD1,P1,U1,online,2025-03-03,,,,4,0,,,0,0,0,\n`).rows[0];
    expect(parseDossierRow(rec, 2, noCatalogue).issues.map((i) => i.field)).toEqual(['due_at']);
    expect(parseDossierRow(rec, 2, ctx()).issues).toEqual([]);
    const registered = parseCsv(`${HEADER}\nD2,P1,U1,online,2025-03-03,,,,1,0,,,0,0,0,\n`).rows[0];
    expect(parseDossierRow(registered, 2, createDossierParseContext({ notReceivedStatuses: new Set([1, 3]) })).issues).toEqual([]);
  });

  it('the whole-file helper refuses the file with every row-numbered issue', async () => {
    const text = `${HEADER}\n${GOOD}\nD2,P1,U1,fax,2025-03-03,2025-03-10,,,12,0,,,0,0,0,\n`;
    await expect(parseDossiersFile(Buffer.from(text), ctx())).rejects.toThrow('Dòng 3, cột channel: "fax" không hợp lệ (online, direct hoặc postal)\nDòng 3, cột status');
  });

  it('missing required columns are reported on the header row', async () => {
    await expect(parseDossiersFile(Buffer.from('dossier_code,unit_code\nD1,U1\n'), ctx())).rejects.toThrow(/Dòng 1, cột procedure_code/);
  });
});
