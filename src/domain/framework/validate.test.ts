import { describe, expect, it } from 'vitest';
import { sampleFramework } from '../scoring/test-support';
import { areaOf, findItem, flattenLeaves, frameworkMax, itemMax } from './tree';
import { validateFramework } from './validate';

/** A deep copy to break, as plain JSON (what a file would hold). */
// biome-ignore lint/suspicious/noExplicitAny: the tests deliberately break the framework's shape (wrong types, deleted fields), which no precise type allows
const json = (): any => JSON.parse(JSON.stringify(sampleFramework()));
const messages = (input: unknown): string[] => {
  const r = validateFramework(input);
  return r.ok ? [] : r.issues.map((i) => `${i.path} | ${i.message}`);
};

describe('validateFramework', () => {
  it('accepts a valid framework and keeps extra fields', () => {
    const input = { ...json(), note: 'mẫu', publishedBy: 'UBND' };
    const r = validateFramework(input);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.framework.note).toBe('mẫu');
      expect((r.framework as unknown as Record<string, unknown>).publishedBy).toBe('UBND');
    }
  });

  it('refuses duplicate codes, naming both places', () => {
    const f = json();
    f.items[1].children[0].code = '1.1';
    expect(messages(f)).toEqual(['items.1.children.0.code | Mã mục "1.1" bị trùng (đã dùng tại items.0.children.0)']);
  });

  it('leaves need maxPoints > 0 and a rule; groups have neither', () => {
    const f = json();
    f.items[0].children[0].maxPoints = 0;
    delete f.items[0].children[1].rule;
    f.items[1].maxPoints = 20;
    expect(messages(f)).toEqual([
      'items.0.children.0.maxPoints | Tiêu chí "1.1": maxPoints phải lớn hơn 0',
      'items.0.children.1.rule | Tiêu chí "1.2" thiếu quy tắc chấm (rule)',
      'items.1.maxPoints | Nhóm "2" không được khai báo maxPoints: điểm tối đa của nhóm là tổng các mục con',
    ]);
  });

  it('rule fields must fit the rule type', () => {
    const f = json();
    f.items[0].children[0].rule = { type: 'binary', thresholds: [] };
    expect(messages(f)).toEqual(['items.0.children.0.rule | Mục "1.1": quy tắc "binary" không dùng trường thresholds']);
    f.items[0].children[0].rule = { type: 'weird' };
    expect(messages(f)[0]).toContain('Mục "1.1": type: loại quy tắc (rule.type) phải là manual');
    f.items[0].children[0].rule = { type: 'count' };
    expect(messages(f)[0]).toMatch(/^items\.0\.children\.0\.rule\.pointsEach \| Mục "1\.1": pointsEach: /);
  });

  it('tier points and thresholds within the max, thresholds sorted high to low', () => {
    const f = json();
    f.items[0].children[1].rule.levels[0].points = 4;
    f.items[0].children[2].rule.thresholds = [
      { minPercent: 80, points: 1 },
      { minPercent: 100, points: 3 },
    ];
    expect(messages(f)).toEqual([
      'items.0.children.1.rule.levels.0.points | Tiêu chí "1.2": mức "Đạt" có 4 điểm, phải trong khoảng 0..3',
      'items.0.children.2.rule.thresholds.1.points | Tiêu chí "1.3": ngưỡng 100% cho 3 điểm, phải trong khoảng 0..2',
      'items.0.children.2.rule.thresholds.1.minPercent | Tiêu chí "1.3": các ngưỡng phải xếp theo minPercent giảm dần (80 rồi 100)',
    ]);
  });

  it('ratio needs thresholds or linear, not both', () => {
    const f = json();
    f.items[0].children[2].rule = { type: 'ratio' };
    f.items[0].children[3].rule = { type: 'ratio', linear: true, thresholds: [{ minPercent: 0, points: 0 }] };
    expect(messages(f)).toEqual([
      'items.0.children.2.rule | Tiêu chí "1.3": quy tắc ratio cần thresholds hoặc "linear": true',
      'items.0.children.3.rule | Tiêu chí "1.4": chỉ dùng một trong hai: thresholds hoặc linear',
    ]);
  });

  it('survey and data leaves name their source and indicator', () => {
    const f = json();
    f.items[1].children[3].rule = { type: 'survey' };
    f.items[1].children[4].rule.indicator = ' ';
    expect(messages(f)).toEqual([
      'items.1.children.3.rule.source | Tiêu chí "2.4": quy tắc survey phải nêu nguồn khảo sát (source), ví dụ sipas:overall',
      'items.1.children.4.rule.indicator | Tiêu chí "2.5": quy tắc data phải nêu chỉ số nguồn (indicator), ví dụ on_time_rate',
    ]);
  });

  it('count/deduction pointsEach positive and not above the max', () => {
    const f = json();
    f.items[1].children[0].rule.pointsEach = 0;
    f.items[1].children[1].rule.pointsEach = 5;
    expect(messages(f)).toEqual([
      'items.1.children.0.rule.pointsEach | Tiêu chí "2.1": pointsEach phải lớn hơn 0',
      'items.1.children.1.rule.pointsEach | Tiêu chí "2.2": pointsEach (5) không được lớn hơn maxPoints (2)',
    ]);
  });

  it('bands ordered high to low, the last at 0', () => {
    const f = json();
    f.bands = [
      { label: 'Khá', minPercent: 65 },
      { label: 'Tốt', minPercent: 80 },
      { label: 'Yếu', minPercent: 10 },
    ];
    expect(messages(f)).toEqual([
      'bands.1.minPercent | Mức xếp loại "Tốt" (80) phải thấp hơn mức trước "Khá" (65): các mức xếp từ cao xuống thấp',
      'bands.2.minPercent | Mức xếp loại cuối "Yếu" phải có minPercent = 0 để mọi đơn vị đều được xếp loại',
    ]);
  });

  it('refuses what is not a framework at all', () => {
    expect(messages(null).length).toBeGreaterThan(0);
    expect(messages({ ...json(), items: [] })).toEqual(['items | items: bộ chỉ số chưa có mục nào (items)']);
    const f = json();
    f.items[0].children = [];
    expect(messages(f)).toEqual(['items.0.children | Nhóm "1" không có mục con']);
  });
});

describe('tree helpers', () => {
  const fw = sampleFramework();
  it('flattens leaves with their area', () => {
    const leaves = flattenLeaves(fw);
    expect(leaves.map((l) => l.leaf.code)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6.1']);
    expect(leaves[10]).toMatchObject({ areaCode: '2', ancestors: ['2', '2.6'] });
    expect(areaOf(fw, '2.6.1')).toBe('2');
    expect(areaOf(fw, 'nope')).toBeUndefined();
  });

  it('group max = sum of children, bonus and deduction excluded', () => {
    expect(itemMax(findItem(fw, '1')!)).toBe(11);
    expect(itemMax(findItem(fw, '2')!)).toBe(20);
    expect(frameworkMax(fw)).toBe(31);
  });
});
