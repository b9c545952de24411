import { describe, expect, it } from 'vitest';
import { sampleFramework } from '../domain/scoring/test-support';
import { FileFormatError } from './file-format-error';
import { FrameworkFormatError, frameworkToJson, parseFrameworkJson } from './framework.format';
import { frameworkFromXlsx, frameworkToXlsx } from './framework-xlsx';
import ExcelJS from 'exceljs';

describe('framework JSON file', () => {
  it('round-trips through text, BOM accepted', () => {
    const fw = sampleFramework();
    expect(parseFrameworkJson(`\ufeff${frameworkToJson(fw)}`)).toEqual(fw);
  });

  it('reports invalid JSON and every validation issue with its path', () => {
    expect(() => parseFrameworkJson('{ not json')).toThrow(/không phải JSON hợp lệ/);
    const bad = sampleFramework();
    (bad.items[0] as { children: { maxPoints: number }[] }).children[0].maxPoints = -1;
    try {
      parseFrameworkJson(JSON.stringify(bad));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FrameworkFormatError);
      expect(err).toBeInstanceOf(FileFormatError);
      expect((err as Error).message).toBe('items.0.children.0.maxPoints: Tiêu chí "1.1": maxPoints phải lớn hơn 0');
    }
  });
});

describe('framework Excel workbook', () => {
  it('round-trips every rule type, flags and the meta sheet', async () => {
    const fw = { ...sampleFramework(), source: 'QĐ 1/QĐ-UBND', note: 'mẫu' };
    (fw.items[0] as { children: { evidenceRequired?: boolean }[] }).children[0].evidenceRequired = true;
    const buf = await frameworkToXlsx(fw);
    expect(await frameworkFromXlsx(buf)).toEqual(fw);
  });

  it('locates validation issues by row and column', async () => {
    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load((await frameworkToXlsx(sampleFramework())) as unknown as ArrayBuffer);
    const items = loaded.getWorksheet('items')!;
    // row 3 is leaf 1.1 (row 1 header, row 2 area 1): give it a bad max and row 4 an unknown parent
    items.getRow(3).getCell(3).value = 0;
    items.getRow(4).getCell(8).value = '9';
    const buf = Buffer.from(await loaded.xlsx.writeBuffer());
    await expect(frameworkFromXlsx(buf)).rejects.toThrow('Dòng 4, cột parent_code: mục cha "9" không có trong bảng');
    items.getRow(4).getCell(8).value = '1';
    const buf2 = Buffer.from(await loaded.xlsx.writeBuffer());
    await expect(frameworkFromXlsx(buf2)).rejects.toThrow('Dòng 3, cột max_points: Tiêu chí "1.1": maxPoints phải lớn hơn 0');
  });
});
