import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);

async function chiso(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('npx', ['tsx', 'src/cli/main-entry.ts', ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('chiso due', { timeout: 30_000 }, () => {
  it('formats.md example: Fri 14/3/2025 10:00 + 5 days → 2025-03-21', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'due-'));
    const cal = join(dir, 'calendar.csv');
    await writeFile(cal, 'date,kind,name\n2025-01-01,holiday,Tết Dương lịch\n');
    const r = await chiso('due', '--calendar', cal, '--received', '2025-03-14T10:00', '--days', '5');
    expect(r.stdout.split('\n')[0]).toBe('2025-03-21');
    expect(r.code).toBe(0);
  });

  it('uses the shipped calendars without --calendar: across Tết 2026 with a pause', async () => {
    // Wed 11/2/2026 + 2 days + 1 paused: Thu12, Fri13, (14–22/2 Tết) Mon23
    const r = await chiso('due', '--received', '2026-02-11T10:00', '--days', '2', '--paused', '1');
    expect(r.stdout).toBe('2026-02-23\n');
  });

  it('counts the 2026 make-up Saturday 22/8', async () => {
    const r = await chiso('due', '--received', '2026-08-21T10:00', '--days', '2');
    expect(r.stdout).toBe('2026-08-24\n');
  });

  it('--hours prints the date, then the due moment in Vietnam time', async () => {
    const r = await chiso('due', '--received', '2025-03-14T10:00', '--hours', '6');
    expect(r.stdout).toBe('2025-03-17\n2025-03-17T08:30:00+07:00\n');
  });

  it('warns when the span leaves the calendar years', async () => {
    const r = await chiso('due', '--received', '2027-03-15T10:00', '--days', '1');
    expect(r.stdout).toBe('2027-03-16\n');
    expect(r.stderr).toContain('năm 2027');
  });

  it('refuses a bad calendar with its row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'due-'));
    const cal = join(dir, 'calendar.csv');
    await writeFile(cal, 'date,kind,name\n2025-01-01,holiday,a\n2025-03-04,workday,b\n');
    const r = await chiso('due', '--calendar', cal, '--received', '2025-03-14', '--days', '5');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Dòng 3, cột kind');
  });

  it.each([
    [['--received', 'hôm qua', '--days', '5'], '--received'],
    [['--received', '2025-03-14', '--days', '-1'], '--days'],
    [['--received', '2025-03-14', '--days', '2.5'], '--days'],
    [['--received', '2025-03-14'], '--days hoặc --hours'],
    [['--received', '2025-03-14', '--days', '1', '--paused', 'x'], '--paused'],
    [['--days', '5'], '--received'],
  ])('bad arguments %j', async (args, message) => {
    const r = await chiso('due', ...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(message);
  });
});
