import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../formats/csv';
import { FileFormatError } from '../../formats/file-format-error';
import { parseFrameworkJson } from '../../formats/framework.format';
import { readScoreRecords, scoresToCsv } from '../../formats/scores.format';

const root = resolve(__dirname, '../../..');
const fixtures = join(root, 'test/fixtures/scoring');
const FRAMEWORK = join(fixtures, 'framework.json');
const SCORES = join(fixtures, 'scores.csv');
const UNITS = join(fixtures, 'units.csv');

function chiso(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), ['src/cli/main-entry.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'chiso-results-'));
function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('chiso results (CSV)', () => {
  it('prints the hand-computed results, ranked within each unit group', () => {
    // Framework FIX-2025: area A max 4 + 6 (A.3 bonus not in max) = 10; area B max 5 + 5 + 5 (B.2 deduction not in max) = 15.
    // S01: A.1 appraised "no" beats self "yes" → 0; A.2 Tốt 6; A.3 bonus 1.5 → A = 7.5
    //      B.1 100 % → 5; B.2 1 × −1; B.3 linear 5 × 87.5 % = 4.375; B.4 4.2 → B = 12.575
    //      20.075 / 25 = 80.3 % → Tốt
    // S02: A.1 có 4; A.2 self Khá 4.5; A.3 0.25 → 8.75; B.1 self 95 % → 3.5; B.2 −3; B.3 100 % → 5; B.4 2 → 7.5
    //      16.25 / 25 = 65 % → Khá (65 is inclusive)
    // S03: A.1 4; A.2 Khá 4.5 → 8.5; B.1 N/A (max 15 − 5 = 10); B.3 90 % → 4.5; B.4 unscored (pending, 0 of 5) → 4.5
    //      13 / 20 = 65 % → Khá, tied with S02 → both rank 2; "Sở Du lịch" sorts before "Sở Xây dựng"
    // S04: A.1 4; A.2 Kém 0; A.3 1 → 5; B.1 N/A; B.3 5 × 66.66 % = 3.333; B.4 1 → 4.333
    //      9.333 / 20 = 46.665 % → 46.67 (half away from zero) → Yếu, rank 4 (competition: 1, 2, 2, 4)
    // X01 (commune, ranked alone): A.1 không 0; A.2 Tốt 6 → 6; B.1 89.99 % → 0; B.2 5 × −1 floored at −3;
    //      B.3 40 % → 2 → B = −1, an area never goes below 0 → 0; 6 / 25 = 24 % → Yếu, rank 1
    // Groups sort by name ("commune" before "department"), then rank, then Vietnamese unit name.
    const r = chiso('results', '--framework', FRAMEWORK, '--scores', SCORES, '--units', UNITS);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'unit_code,unit_name,points,max_points,percent,band,rank,points:A,points:B',
        'X01,Xã Bản Lầu,6,25,24,Yếu,1,6,0',
        'S01,Sở Y tế,20.075,25,80.3,Tốt,1,7.5,12.575',
        'S03,Sở Du lịch,13,20,65,Khá,2,8.5,4.5',
        'S02,Sở Xây dựng,16.25,25,65,Khá,2,8.75,7.5',
        'S04,Sở Giáo dục và Đào tạo,9.333,20,46.67,Yếu,4,5,4.333',
        '',
      ].join('\n'),
    );
  });

  it('without --units: empty names, one group, ties broken by code', () => {
    const r = chiso('results', '--framework', FRAMEWORK, '--scores', SCORES);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'unit_code,unit_name,points,max_points,percent,band,rank,points:A,points:B',
        'S01,,20.075,25,80.3,Tốt,1,7.5,12.575',
        'S02,,16.25,25,65,Khá,2,8.75,7.5',
        'S03,,13,20,65,Khá,2,8.5,4.5',
        'S04,,9.333,20,46.67,Yếu,4,5,4.333',
        'X01,,6,25,24,Yếu,5,6,0',
        '',
      ].join('\n'),
    );
  });
});

describe('chiso results (JSON)', () => {
  it('carries the CSV fields plus per-area ranks and per-item detail with every stage', () => {
    const r = chiso('results', '--framework', FRAMEWORK, '--scores', SCORES, '--units', UNITS, '--format', 'json');
    expect(r.code).toBe(0);
    // biome-ignore lint/suspicious/noExplicitAny: parsed CLI output whose nested fields (areas, items, stages) the assertions walk freely
    const rows = JSON.parse(r.stdout) as Record<string, any>[];
    expect(rows.map((u) => [u.unit_code, u.rank])).toEqual([
      ['X01', 1],
      ['S01', 1],
      ['S03', 2],
      ['S02', 2],
      ['S04', 4],
    ]);
    const s01 = rows[1];
    expect(s01).toMatchObject({ unit_name: 'Sở Y tế', group: 'department', points: 20.075, max_points: 25, percent: 80.3, band: 'Tốt' });
    expect(s01['points:A']).toBe(7.5);
    // area A percents: S01 75, S02 87.5, S03 85, S04 50 → ranks 3, 1, 2, 4; area B: 83.83, 50, 45, 43.33 → 1, 2, 3, 4
    expect(rows.slice(1).map((u) => [u.unit_code, u.areas[0].rank, u.areas[1].rank])).toEqual([
      ['S01', 3, 1],
      ['S03', 2, 3],
      ['S02', 1, 2],
      ['S04', 4, 4],
    ]);
    const a1 = s01.items.find((i: { code: string }) => i.code === 'A.1');
    expect(a1).toMatchObject({ points: 0, stage: 'appraised', max_points: 4, counted_max: 4 });
    expect(a1.stages).toEqual([
      { stage: 'self', value: 'yes', points: 4, explicit_points: null, na: false, note: null },
      { stage: 'appraised', value: 'no', points: 0, explicit_points: null, na: false, note: 'Kế hoạch ban hành muộn, không đạt' },
    ]);
    expect(rows[2].pending_points).toBe(5); // S03: survey B.4 not yet scored
  });
});

describe('chiso results: bad input', () => {
  it('missing option and unknown format exit 2', () => {
    const r = chiso('results', '--framework', FRAMEWORK);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Lỗi: thiếu tham số bắt buộc --scores');
    const f = chiso('results', '--framework', FRAMEWORK, '--scores', SCORES, '--format', 'xml');
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('--format phải là csv hoặc json');
  });

  it('a missing file is named', () => {
    const r = chiso('results', '--framework', join(tmp, 'nope.json'), '--scores', SCORES);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`không đọc được tệp ${join(tmp, 'nope.json')}: ENOENT`);
  });

  it('an invalid framework is refused with the item and path', () => {
    const fw = JSON.parse(readFileSync(FRAMEWORK, 'utf8'));
    fw.items[1].children[0].rule.thresholds[1].points = 9;
    const r = chiso('results', '--framework', file('bad-framework.json', JSON.stringify(fw)), '--scores', SCORES);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('items.1.children.0.rule.thresholds.1.points: Tiêu chí "B.1": ngưỡng 90% cho 9 điểm, phải trong khoảng 0..5');
  });

  it('every bad score row is refused with its row number and field, and nothing is printed', () => {
    const scores = file(
      'bad-scores.csv',
      [
        'unit_code,item_code,stage,value,points,na,note',
        'S99,A.1,final,yes,,,', // row 2: unknown unit
        'S01,Z.9,final,yes,,,', // row 3: unknown item
        'S01,A,final,,1,,', // row 4: a group
        'S01,A.1,draft,yes,,,', // row 5: bad stage
        'S01,A.2,final,,7,,', // row 6: points above max 6
        'S01,A.1,final,,,1,', // row 7: na not allowed
        'S01,A.1,appraised,maybe,,,', // row 8: unreadable yes/no
        'S01,A.2,appraised,Xuất sắc,,,', // row 9: unknown tier
        'S01,B.1,final,nhiều,,,', // row 10: percent not a number
        'S01,B.3,final,,,,', // row 11: neither value nor points
        'S01,B.4,self,,3,,', // row 12: survey never self-scored
        'S01,B.2,final,,2,,', // row 13: deduction points must be −3..0
        'S01,A.2,final,Tốt,,,', // row 14: duplicate of row 6
      ].join('\n'),
    );
    const r = chiso('results', '--framework', FRAMEWORK, '--scores', scores, '--units', UNITS);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        `Lỗi: tệp ${scores} không hợp lệ:`,
        'Dòng 2, cột unit_code: đơn vị "S99" không có trong danh mục đơn vị',
        'Dòng 3, cột item_code: tiêu chí "Z.9" không có trong bộ chỉ số FIX-2025',
        'Dòng 4, cột item_code: "A" là nhóm tiêu chí; chỉ chấm điểm tiêu chí lá',
        'Dòng 5, cột stage: giai đoạn "draft" phải là self, appraised hoặc final',
        'Dòng 6, cột points: Tiêu chí "A.2": điểm 7 nằm ngoài khoảng 0..6',
        'Dòng 7, cột na: Tiêu chí "A.1" không cho phép "không áp dụng" (na)',
        'Dòng 8, cột value: Tiêu chí "A.1": giá trị "maybe" không đọc được, dùng yes/no (có/không, 1/0)',
        'Dòng 9, cột value: Tiêu chí "A.2": mức "Xuất sắc" không có trong các mức: Tốt, Khá, Kém',
        'Dòng 10, cột value: Tiêu chí "B.1": tỷ lệ "nhiều" phải là số phần trăm không âm',
        'Dòng 11, cột value: cần giá trị (value) hoặc điểm (points), hoặc na = 1',
        'Dòng 12, cột stage: tiêu chí "B.4" lấy điểm từ khảo sát, không nhận điểm tự chấm (self)',
        'Dòng 13, cột points: Tiêu chí "B.2": điểm 2 nằm ngoài khoảng -3..0',
        'Dòng 14, cột item_code: trùng đơn vị, tiêu chí và giai đoạn với dòng 6',
        '',
      ].join('\n'),
    );
  });

  it('a scores file without the needed columns is refused', () => {
    const r = chiso('results', '--framework', FRAMEWORK, '--scores', file('cols.csv', 'unit_code,item_code\nS01,A.1\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Dòng 1, cột stage: Thiếu cột "stage"');
  });
});

describe('scores.csv reader and writer', () => {
  const fw = parseFrameworkJson(readFileSync(FRAMEWORK, 'utf8'));

  it('round-trips through scoresToCsv', () => {
    const rows = readScoreRecords(parseCsv(readFileSync(SCORES, 'utf8')).rows, fw);
    expect(rows).toHaveLength(30);
    const again = readScoreRecords(parseCsv(scoresToCsv(rows)).rows, fw);
    expect(again).toEqual(rows);
    expect(rows[1]).toEqual({ unitCode: 'S01', itemCode: 'A.1', stage: 'appraised', value: 'no', note: 'Kế hoạch ban hành muộn, không đạt', row: 3 });
  });

  it('without a unit list any unit code is accepted; with one, unknown codes are refused', () => {
    const recs = [{ unit_code: 'NEW', item_code: 'A.1', stage: 'self', value: '1', points: '', na: '' }];
    expect(readScoreRecords(recs, fw)).toHaveLength(1);
    expect(() => readScoreRecords(recs, fw, new Set(['S01']))).toThrow(FileFormatError);
  });

  it('accepts negative explicit points on deduction leaves and na where allowed', () => {
    const rows = readScoreRecords(
      [
        { unit_code: 'S01', item_code: 'B.2', stage: 'final', value: '', points: '-2.5', na: '' },
        { unit_code: 'S01', item_code: 'B.1', stage: 'final', value: '', points: '', na: 'true' },
      ],
      fw,
    );
    expect(rows.map((r) => [r.points, r.na])).toEqual([
      [-2.5, undefined],
      [undefined, true],
    ]);
  });
});
