// `chiso indicators` end to end: spawns the real entry point and compares the exact output text.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const D = 'test/fixtures/onestop/dossiers.csv';
const P = 'test/fixtures/onestop/procedures.csv';

async function chiso(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('npx', ['tsx', 'src/cli/main-entry.ts', ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/*
 Hand computation for test/fixtures/onestop/dossiers.csv with the shipped 2025 calendar, as of 2025-04-10.
 Procedures: 1.001 = 5 days, 1.002 = 3 days, 1.003 = 4 office hours (07:30–11:30, 13:30–17:00).
   D01 U1 online  rcv Mon 3/3, due 4,5,6,7,Mon10 → 10/3; resolved Fri 7/3              → early (on time)
   D02 U1 direct  rcv 3/3, due_at 10/3; resolved 10/3 16:00                             → on time
   D03 U1 online  rcv Wed 5/3, due Thu6,Fri7,Mon10 → 10/3; resolved 10/3 17:30Z = 11/3 00:30 VN → late, no slip
   D04 U1 direct  due 10/3; resolved 12/3; slip Fri 7/3 (previous working day) + new date → late, compliant
   D05 U2 postal  due 10/3; unresolved; slip on 10/3 itself                            → overdue, not compliant
   D06 U2 online  rcv Fri 4/4, Mon 7/4 Giỗ Tổ, due 8,9,10,11,Mon14 → 14/4; unresolved → pending (overdue from 15/4)
   D07 U2 status 1 (registered online), D08 U2 status 3 (refused)                      → not received, ignored
   D09 U2 direct  rcv Fri 14/3 16:00: 1 h Fri + 3 h Mon → due 17/3 10:30; resolved 17/3 15:00 → on time (same date)
   D10 U1 online  rcv Tue 1/4, 3 days + 2 paused: 2,3,4,(7 off),8,9 → 9/4; resolved 9/4 → on time
   D11 U1 direct  rcv Fri 25/4: Sat 26/4 worked, 28, 29, (30/4–4/5 off), 5/5, 6/5 → 6/5; resolved 6/5 → on time
   D12 U2 online  rcv Thu 23/1: Fri 24, (Tết 25/1–2/2), Mon 3/2, Tue 4/2 → 4/2; resolved 5/2 → late;
                  slip Mon 3/2 (previous working day of 4/2) + new date → compliant
 Totals (10 received: all but D07, D08; 8 resolved: all but D05, D06):
   on_time 5 (D01 D02 D09 D10 D11), early 1 (D01), late 3 (D03 D04 D12), overdue 1 (D05)
   on_time_rate 5/8 = 62.50; online 5/10 (D01 D03 D06 D10 D12) = 50.00; paid_online 3/10 (D01 D06 D10) = 30.00
   digitized 8/10 (not D04 D09) = 80.00; e_result among resolved 5/8 (D01 D03 D09 D10 D12; D06's flag
   does not count, it is unresolved) = 62.50; apology 2/4 (D04 D12 of D03 D04 D05 D12) = 50.00;
   satisfied 4/7 rated (5,4,2,5,3,4,1 → D01 D02 D09 D11; D07's 5 does not count) = 57.14
 U1 = D01 D02 D03 D04 D10 D11: 6 received, 6 resolved, on time 4, early 1, late 2 → 4/6 = 66.67; online 3/6 = 50.00;
   paid 2/6 = 33.33; digitized 5/6 = 83.33; e_result 3/6 = 50.00; apology 1/2 = 50.00; satisfied 3/5 = 60.00
 U2 = D05 D06 D09 D12: 4 received, 2 resolved, on time 1, late 1, overdue 1 → 1/2 = 50.00; online 2/4 = 50.00;
   paid 1/4 = 25.00; digitized 3/4 = 75.00; e_result 2/2 = 100.00; apology 1/2 = 50.00; satisfied 1/2 = 50.00
 Months: 2025-01 = D12; 2025-03 = D01–D05, D09; 2025-04 = D06 D10 D11 (no late or overdue → apology rate empty).
*/
const HEADER = 'received,resolved,on_time,early,late,overdue,on_time_rate,online_rate,paid_online_rate,digitized_rate,e_result_rate,apology_compliance_rate,satisfied_rate';

describe('chiso indicators', { timeout: 30_000 }, () => {
  it('one row without --by', async () => {
    const r = await chiso('indicators', '--dossiers', D, '--procedures', P, '--as-of', '2025-04-10');
    expect(r.stdout).toBe(`${HEADER}\n10,8,5,1,3,1,62.50,50.00,30.00,80.00,62.50,50.00,57.14\n`);
    expect(r.code).toBe(0);
  });

  it('--by unit', async () => {
    const r = await chiso('indicators', '--dossiers', D, '--procedures', P, '--as-of', '2025-04-10', '--by', 'unit');
    expect(r.stdout).toBe(
      `unit_code,${HEADER}\n` +
        'U1,6,6,4,1,2,0,66.67,50.00,33.33,83.33,50.00,50.00,60.00\n' +
        'U2,4,2,1,0,1,1,50.00,50.00,25.00,75.00,100.00,50.00,50.00\n',
    );
  });

  it('--by month, with an empty rate where nothing was late', async () => {
    const r = await chiso('indicators', '--dossiers', D, '--procedures', P, '--as-of', '2025-04-10', '--by', 'month', '--calendar', 'methodology/calendars/vn-2025.csv');
    expect(r.stdout).toBe(
      `month,${HEADER}\n` +
        '2025-01,1,1,0,0,1,0,0.00,100.00,0.00,100.00,100.00,100.00,0.00\n' +
        '2025-03,6,5,3,1,2,1,60.00,33.33,16.67,66.67,60.00,33.33,75.00\n' +
        '2025-04,3,2,2,0,0,0,100.00,66.67,66.67,100.00,50.00,,50.00\n',
    );
  });

  it('--by unit,month gives both key columns first', async () => {
    const r = await chiso('indicators', '--dossiers', D, '--procedures', P, '--as-of', '2025-04-10', '--by', 'unit,month');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0].startsWith('unit_code,month,received,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'U1,2025-03,4',
      'U1,2025-04,2',
      'U2,2025-01,1',
      'U2,2025-03,2',
      'U2,2025-04,1',
    ]);
  });

  it('--as-of 2025-04-15 turns D06 (due 14/4) overdue: 2 overdue, apology 2/5 = 40.00', async () => {
    const r = await chiso('indicators', '--dossiers', D, '--procedures', P, '--as-of', '2025-04-15');
    expect(r.stdout).toBe(`${HEADER}\n10,8,5,1,3,2,62.50,50.00,30.00,80.00,62.50,40.00,57.14\n`);
  });

  it('--format json keeps numerators and denominators', async () => {
    const r = await chiso('indicators', '--dossiers', D, '--procedures', P, '--as-of', '2025-04-10', '--format', 'json', '--by', 'unit');
    const rows = JSON.parse(r.stdout);
    expect(rows[1]).toMatchObject({ unit_code: 'U2', received: 4, late_or_overdue: 2, apology_compliant: 1, apology_compliance_rate: 50, rated: 2 });
  });

  it('refuses a bad file with its row and field, exit non-zero', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ind-'));
    const bad = join(dir, 'bad.csv');
    await writeFile(
      bad,
      'dossier_code,procedure_code,unit_code,channel,received_at,due_at,resolved_at,returned_at,status,paused_days,apology_at,new_due_at,paid_online,digitized,e_result,rating\n' +
        'D1,1.001,U1,online,2025-03-03,2025-03-10,,,4,0,,,0,0,0,\n' +
        'D2,9.999,U1,online,2025-03-03,2025-03-10,,,42,0,,,0,0,0,\n',
    );
    const r = await chiso('indicators', '--dossiers', bad, '--procedures', P);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Tệp ${bad}:`);
    expect(r.stderr).toContain('Dòng 3, cột procedure_code: mã thủ tục "9.999" không có trong danh mục');
    expect(r.stderr).toContain('Dòng 3, cột status');
  });

  it('empty due_at without --procedures is refused with the row', async () => {
    const r = await chiso('indicators', '--dossiers', D, '--as-of', '2025-04-10');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Dòng 2, cột due_at');
  });

  it.each([
    [['--dossiers', D, '--by', 'week'], '--by "week"'],
    [['--dossiers', D, '--as-of', '2025-13-01'], '--as-of'],
    [['--dossiers', D, '--format', 'xml'], '--format'],
    [['--dossiers', 'no-such-file.csv'], 'không đọc được tệp'],
    [[], '--dossiers'],
  ])('bad arguments %j', async (args, message) => {
    const r = await chiso('indicators', ...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(message);
  });
});
