// validateFramework: structure (zod) then methodology checks, with Vietnamese messages naming the item code.
import { z } from 'zod';
import { frameworkSchema, type RawItem } from './schema';
import type { Band, Framework, Threshold } from './types';

export interface FrameworkIssue {
  /** JSON path, e.g. `items.0.children.1.rule.levels.2.points`. */
  path: string;
  message: string;
}

export type FrameworkValidation = { ok: true; framework: Framework } | { ok: false; issues: FrameworkIssue[] };

const viErrors = z.locales.vi().localeError;

export function validateFramework(json: unknown): FrameworkValidation {
  const parsed = frameworkSchema.safeParse(json, { error: viErrors });
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => zodIssue(json, i)) };
  }
  const issues: FrameworkIssue[] = [];
  checkBands(parsed.data.bands, issues);
  const seen = new Map<string, string>();
  parsed.data.items.forEach((item, i) => {
    checkItem(item, `items.${i}`, seen, issues);
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, framework: parsed.data as unknown as Framework };
}

function checkBands(bands: Band[], issues: FrameworkIssue[]): void {
  const labels = new Set<string>();
  bands.forEach((b, i) => {
    const path = `bands.${i}`;
    if (b.minPercent < 0 || b.minPercent > 100) {
      issues.push({ path: `${path}.minPercent`, message: `Mức xếp loại "${b.label}": minPercent phải trong khoảng 0..100` });
    }
    if (i > 0 && b.minPercent >= bands[i - 1].minPercent) {
      issues.push({
        path: `${path}.minPercent`,
        message: `Mức xếp loại "${b.label}" (${b.minPercent}) phải thấp hơn mức trước "${bands[i - 1].label}" (${bands[i - 1].minPercent}): các mức xếp từ cao xuống thấp`,
      });
    }
    const key = b.label.trim().toLowerCase();
    if (labels.has(key)) issues.push({ path: `${path}.label`, message: `Mức xếp loại "${b.label}" bị trùng tên` });
    labels.add(key);
  });
  const last = bands[bands.length - 1];
  if (last.minPercent !== 0) {
    issues.push({
      path: `bands.${bands.length - 1}.minPercent`,
      message: `Mức xếp loại cuối "${last.label}" phải có minPercent = 0 để mọi đơn vị đều được xếp loại`,
    });
  }
}

function checkItem(item: RawItem, path: string, seen: Map<string, string>, issues: FrameworkIssue[]): void {
  const code = item.code;
  const first = seen.get(code);
  if (first !== undefined) issues.push({ path: `${path}.code`, message: `Mã mục "${code}" bị trùng (đã dùng tại ${first})` });
  else seen.set(code, path);

  if (item.children !== undefined) {
    if (item.children.length === 0) issues.push({ path: `${path}.children`, message: `Nhóm "${code}" không có mục con` });
    if (item.maxPoints !== undefined) {
      issues.push({
        path: `${path}.maxPoints`,
        message: `Nhóm "${code}" không được khai báo maxPoints: điểm tối đa của nhóm là tổng các mục con`,
      });
    }
    if (item.rule !== undefined) issues.push({ path: `${path}.rule`, message: `Nhóm "${code}" không được có quy tắc chấm (rule)` });
    if (item.allowNotApplicable !== undefined || item.evidenceRequired !== undefined) {
      issues.push({ path, message: `Nhóm "${code}": allowNotApplicable/evidenceRequired chỉ khai báo ở tiêu chí lá` });
    }
    item.children.forEach((child, i) => {
      checkItem(child, `${path}.children.${i}`, seen, issues);
    });
    return;
  }
  const max = item.maxPoints;
  if (max === undefined || !(max > 0)) {
    issues.push({ path: `${path}.maxPoints`, message: `Tiêu chí "${code}": maxPoints phải lớn hơn 0` });
  }
  if (item.rule === undefined) {
    issues.push({ path: `${path}.rule`, message: `Tiêu chí "${code}" thiếu quy tắc chấm (rule)` });
    return;
  }
  if (max !== undefined && max > 0) checkRule(item.rule, max, code, `${path}.rule`, issues);
}

function checkRule(rule: NonNullable<RawItem['rule']>, max: number, code: string, path: string, issues: FrameworkIssue[]): void {
  const push = (p: string, message: string) => issues.push({ path: `${path}${p}`, message: `Tiêu chí "${code}": ${message}` });
  switch (rule.type) {
    case 'manual':
    case 'binary':
      return;
    case 'tiered': {
      if (rule.levels.length === 0) push('.levels', 'quy tắc tiered cần ít nhất một mức (levels)');
      const labels = new Set<string>();
      rule.levels.forEach((l, i) => {
        if (l.points < 0 || l.points > max) push(`.levels.${i}.points`, `mức "${l.label}" có ${l.points} điểm, phải trong khoảng 0..${max}`);
        const key = normalizeLabel(l.label);
        if (labels.has(key)) push(`.levels.${i}.label`, `mức "${l.label}" bị trùng tên`);
        labels.add(key);
      });
      return;
    }
    case 'ratio':
    case 'data': {
      if (rule.type === 'data' && rule.indicator.trim() === '') {
        push('.indicator', 'quy tắc data phải nêu chỉ số nguồn (indicator), ví dụ on_time_rate');
      }
      const hasThresholds = rule.thresholds !== undefined;
      if (hasThresholds && rule.linear === true) push('', 'chỉ dùng một trong hai: thresholds hoặc linear');
      else if (!hasThresholds && rule.linear !== true) push('', `quy tắc ${rule.type} cần thresholds hoặc "linear": true`);
      if (rule.thresholds) checkThresholds(rule.thresholds, max, push);
      return;
    }
    case 'count':
    case 'deduction':
      if (!(rule.pointsEach > 0)) push('.pointsEach', 'pointsEach phải lớn hơn 0');
      else if (rule.pointsEach > max) push('.pointsEach', `pointsEach (${rule.pointsEach}) không được lớn hơn maxPoints (${max})`);
      return;
    case 'bonus':
      if (rule.pointsEach !== undefined && !(rule.pointsEach > 0)) push('.pointsEach', 'pointsEach phải lớn hơn 0');
      else if (rule.pointsEach !== undefined && rule.pointsEach > max) {
        push('.pointsEach', `pointsEach (${rule.pointsEach}) không được lớn hơn maxPoints (${max})`);
      }
      return;
    case 'survey':
      if (rule.source === undefined || rule.source.trim() === '') {
        push('.source', 'quy tắc survey phải nêu nguồn khảo sát (source), ví dụ sipas:overall');
      }
      return;
  }
}

function checkThresholds(thresholds: Threshold[], max: number, push: (p: string, m: string) => void): void {
  if (thresholds.length === 0) push('.thresholds', 'thresholds cần ít nhất một ngưỡng');
  thresholds.forEach((t, i) => {
    if (t.minPercent < 0) push(`.thresholds.${i}.minPercent`, `ngưỡng minPercent ${t.minPercent} không được âm`);
    if (t.points < 0 || t.points > max) {
      push(`.thresholds.${i}.points`, `ngưỡng ${t.minPercent}% cho ${t.points} điểm, phải trong khoảng 0..${max}`);
    }
    if (i > 0 && t.minPercent >= thresholds[i - 1].minPercent) {
      push(`.thresholds.${i}.minPercent`, `các ngưỡng phải xếp theo minPercent giảm dần (${thresholds[i - 1].minPercent} rồi ${t.minPercent})`);
    }
  });
}

/** Tier labels are matched without regard to case, spacing or Unicode composition (NFC vs NFD from Excel). */
export function normalizeLabel(label: string): string {
  return label.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Names the item a zod issue sits in, so the message says "Tiêu chí 1.2" rather than only a path. */
function zodIssue(json: unknown, issue: z.core.$ZodIssue): FrameworkIssue {
  const path = issue.path.map(String).join('.');
  let node: unknown = json;
  let code: string | undefined;
  for (const key of issue.path) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<PropertyKey, unknown>)[key as PropertyKey];
    const c = node && typeof node === 'object' ? (node as { code?: unknown }).code : undefined;
    if (typeof c === 'string' && c !== '') code = c;
  }
  const field = issue.path.length > 0 ? String(issue.path[issue.path.length - 1]) : '';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const ruleType = node && typeof node === 'object' ? (node as { type?: unknown }).type : undefined;
    const keys = issue.keys.join(', ');
    message = typeof ruleType === 'string' ? `quy tắc "${ruleType}" không dùng trường ${keys}` : `trường không hợp lệ: ${keys}`;
  } else if (field && !/^\d+$/.test(field)) {
    message = `${field}: ${message}`;
  }
  return { path, message: code ? `Mục "${code}": ${message}` : message };
}
