import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { parseProcedureRows, parseProceduresFile } from './procedures.format';

const HEADER = 'code,name,sector,level,processing_days,online_level,fee_vnd,cut_percent,processing_hours,unit_code';
const issuesOf = (lines: string[], units?: Set<string>) =>
  parseProcedureRows(parseCsv([HEADER, ...lines].join('\n')).rows, { units, legacyOnlineLevels: { '3': 'partial', '4': 'full' } }).issues.map((i) => [
    i.row,
    i.field,
  ]);

describe('procedures.csv', () => {
  it('reads the fixture, with the optional processing_hours column', async () => {
    const ps = await parseProceduresFile(await readFile('test/fixtures/onestop/procedures.csv'));
    expect(ps.map((p) => [p.code, p.processingDays, p.processingHours, p.onlineLevel, p.cutPercent])).toEqual([
      ['1.001', 5, null, 'full', 50],
      ['1.002', 3, null, 'partial', 0],
      ['1.003', null, 4, 'none', null],
    ]);
  });

  it('maps legacy online levels 1–4 through the configured table', () => {
    const { procedures } = parseProcedureRows(parseCsv(`${HEADER}\nA,a,s,province,5,4,,,,\nB,b,s,province,5,3,,,,\n`).rows, {
      legacyOnlineLevels: { '3': 'partial', '4': 'full' },
    });
    expect(procedures.map((p) => p.onlineLevel)).toEqual(['full', 'partial']);
  });

  it.each([
    ['online level unknown', 'A,a,s,province,5,toàn trình,,,,', 'online_level'],
    ['half a working day', 'A,a,s,province,0.5,full,,,,', 'processing_days'],
    ['cut above 100 %', 'A,a,s,province,5,full,,120,,', 'cut_percent'],
    ['negative fee', 'A,a,s,province,5,full,-1,,,', 'fee_vnd'],
    ['unknown unit', 'A,a,s,province,5,full,,,,X', 'unit_code'],
    ['missing code', ',a,s,province,5,full,,,,', 'code'],
  ])('%s → row 2', (_what, line, field) => expect(issuesOf([line], new Set(['U1']))).toEqual([[2, field]]));

  it('a code twice is refused on the second row', () => {
    expect(issuesOf(['A,a,s,province,5,full,,,,', 'A,b,s,province,5,full,,,,'])).toEqual([[3, 'code']]);
  });
});
