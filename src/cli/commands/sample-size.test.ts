import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

function chiso(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'src/cli/main-entry.ts', 'sample-size', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('chiso sample-size', () => {
  it('prints n on the first line; the margin defaults to 0.05 from the config', () => {
    expect(chiso('--population', '1000').stdout).toBe('286\n'); // 1000 / 3.5 = 285.71
    expect(chiso('--population', '400', '--margin', '0.05').stdout).toBe('200\n'); // exactly 200
    expect(chiso('--population', '100').stdout).toBe('80\n');
  });

  it('refuses bad input with a Vietnamese message and a non-zero exit', () => {
    const r = chiso('--population', '-5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--population phải là số nguyên dương');
    expect(chiso('--population', '100', '--margin', '5%').stderr).toContain('--margin phải là số lớn hơn 0 và nhỏ hơn 1');
    expect(chiso().stderr).toContain('thiếu tham số bắt buộc --population');
  });
});
