import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { CalendarFileError, loadCalendarFiles, parseCalendarFile, parseCalendarRows, shippedCalendarPaths } from './calendar.format';

const rows = (text: string) => parseCsv(text).rows;

describe('calendar.csv', () => {
  it('accepts holidays, make-up weekend days and a harmless holiday on a Saturday', () => {
    const { entries, issues } = parseCalendarRows(
      rows('date,kind,name\n2025-01-01,holiday,Tết Dương lịch\n2025-04-26,workday,Làm bù\n2025-08-30,holiday,Quốc khánh\n'),
    );
    expect(issues).toEqual([]);
    expect(entries.map((e) => e.kind)).toEqual(['holiday', 'workday', 'holiday']);
  });

  it('reports every bad row with its number', () => {
    const { issues } = parseCalendarRows(
      rows(
        'date,kind,name\n2025-02-30,holiday,x\n2025-03-03,nghỉ,x\n2025-03-04,workday,x\n2025-01-01,holiday,a\n2025-01-01,holiday,b\n,holiday,x\n',
      ),
    );
    expect(issues.map((i) => [i.row, i.field])).toEqual([
      [2, 'date'], // 30 February
      [3, 'kind'], // not holiday/workday
      [4, 'kind'], // workday on a Tuesday
      [6, 'date'], // duplicate of row 5
      [7, 'date'], // missing date
    ]);
    expect(issues[3].message).toContain('dòng 5');
  });

  it('a file with issues is refused whole', async () => {
    await expect(parseCalendarFile(Buffer.from('date,kind,name\n2025-03-04,workday,x\n'))).rejects.toThrow(/Dòng 2, cột kind/);
  });

  it('ships one file per year and refuses a date present in two files', async () => {
    const paths = await shippedCalendarPaths();
    expect(paths.map((p) => p.split('/').pop())).toEqual(['vn-2025.csv', 'vn-2026.csv']);
    const dir = await mkdtemp(join(tmpdir(), 'cal-'));
    await writeFile(join(dir, 'a.csv'), 'date,kind,name\n2025-01-01,holiday,a\n');
    await writeFile(join(dir, 'b.csv'), 'date,kind,name\n2025-01-01,holiday,b\n');
    await expect(loadCalendarFiles([join(dir, 'a.csv'), join(dir, 'b.csv')])).rejects.toBeInstanceOf(CalendarFileError);
  });

  it('the shipped files list weekdays off and weekend make-up days only', async () => {
    const cal = await loadCalendarFiles(await shippedCalendarPaths());
    const holidays2025 = ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02'];
    const holidays2026 = ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02'];
    for (const d of [...holidays2025, ...holidays2026]) expect(cal.entry(d)?.kind, d).toBe('holiday');
    expect(cal.entry('2025-04-26')?.kind).toBe('workday');
    expect(cal.entry('2026-08-22')?.kind).toBe('workday');
  });
});
