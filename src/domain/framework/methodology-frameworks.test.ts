// Every framework shipped in methodology/frameworks must load, validate and add up.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findItem, flattenLeaves, frameworkMax, itemMax } from './tree';
import type { Framework } from './types';
import { validateFramework } from './validate';

const dir = resolve(__dirname, '../../../methodology/frameworks');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

function load(file: string): Framework {
  const r = validateFramework(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  if (!r.ok) throw new Error(`${file}:\n${r.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  return r.framework;
}

describe('methodology/frameworks', () => {
  it('holds the three shipped frameworks', () => {
    expect(files).toEqual(expect.arrayContaining(['par-province-2948.json', 'demo-department-2025.json', 'demo-commune-2025.json']));
  });

  for (const file of files) {
    it(`${file} validates, totals 100 and says where it comes from`, () => {
      const fw = load(file);
      expect(frameworkMax(fw)).toBe(100);
      expect(fw.source).toBeTruthy();
      expect(fw.note).toMatch(/MẪU/);
    });
  }

  it('2948/QĐ-BNV: the 8 verified area maxima', () => {
    const fw = load('par-province-2948.json');
    expect(fw.items.map((a) => itemMax(a))).toEqual([10, 10, 14.5, 11, 16, 7, 16, 15.5]);
    expect(fw.items[2].title).toBe('Cải cách thủ tục hành chính');
    expect(fw.source).toContain('2948/QĐ-BNV');
  });

  it('the demo frameworks are for departments and communes, 8 areas each, and together use every rule type', () => {
    const dept = load('demo-department-2025.json');
    const commune = load('demo-commune-2025.json');
    expect([dept.unitGroup, commune.unitGroup]).toEqual(['department', 'commune']);
    const used = new Set<string>();
    for (const fw of [dept, commune]) {
      expect(fw.items).toHaveLength(8);
      expect(fw.bands.map((b) => [b.label, b.minPercent])).toEqual([
        ['Tốt', 80],
        ['Khá', 65],
        ['Trung bình', 50],
        ['Yếu', 0],
      ]);
      const leaves = flattenLeaves(fw);
      expect(leaves.length).toBeGreaterThanOrEqual(40);
      for (const { leaf } of leaves) {
        const r = leaf.rule;
        used.add(r.type === 'ratio' || r.type === 'data' ? `${r.type}:${r.linear ? 'linear' : 'thresholds'}` : r.type);
      }
    }
    expect([...used].sort()).toEqual(
      ['bonus', 'binary', 'count', 'data:linear', 'data:thresholds', 'deduction', 'manual', 'ratio:linear', 'ratio:thresholds', 'survey', 'tiered'].sort(),
    );
    const onTime = findItem(dept, '3.3.1');
    expect(onTime && 'rule' in onTime && onTime.rule?.type === 'data' && onTime.rule.indicator).toBe('on_time_rate');
  });
});
