import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const fx = 'test/fixtures/survey/';

function chiso(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'src/cli/main-entry.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('chiso sipas', () => {
  it('prints the whole-file indices exactly as the fixture (figures computed independently)', () => {
    const r = chiso('sipas', '--form', `${fx}form.json`, '--responses', `${fx}responses.csv`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${root}${fx}sipas.expected.csv`, 'utf8'));
  });

  it('--by unit orders rows by unit, then elements 1..5, then overall', () => {
    const r = chiso('sipas', '--form', `${fx}form.json`, '--responses', `${fx}responses.csv`, '--by', 'unit');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${root}${fx}sipas-by-unit.expected.csv`, 'utf8'));
  });

  it('--format json carries the same figures', () => {
    const r = chiso('sipas', '--form', `${fx}form.json`, '--responses', `${fx}responses.csv`, '--format', 'json');
    const rows = JSON.parse(r.stdout);
    expect(rows[0]).toEqual({ unit_code: '', element: 1, index: 69.23, n: 13, ci_low: 42.37, ci_high: 87.32 });
    expect(rows[5]).toEqual({ unit_code: '', element: 'overall', index: 68.94, n: null, ci_low: null, ci_high: null });
  });

  it('rejects a bad file with row-numbered Vietnamese messages and prints nothing on stdout', () => {
    const r = chiso('sipas', '--form', `${fx}form.json`, '--responses', `${fx}responses-bad.csv`);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Dòng 3, cột response_id: mã phiếu trả lời "r01" bị trùng');
    expect(r.stderr).toContain('Dòng 7, cột Q1: câu trả lời "6" ngoài thang điểm 1–5');
  });

  it('rejects bad options and missing files', () => {
    expect(chiso('sipas', '--form', `${fx}form.json`).stderr).toContain('thiếu tham số bắt buộc --responses');
    const by = chiso('sipas', '--form', `${fx}form.json`, '--responses', `${fx}responses.csv`, '--by', 'month');
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('--by chỉ nhận giá trị "unit"');
    const missing = chiso('sipas', '--form', `${fx}nope.json`, '--responses', `${fx}responses.csv`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('không đọc được tệp phiếu');
  });
});
