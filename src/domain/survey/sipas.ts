// SIPAS indices (formats.md §Surveys; domain.md §SIPAS): streamed, one response at a time, grouped by a key.
import { type SipasElement, SIPAS_ELEMENTS, type SurveyForm, likertQuestions } from './form';
import { round2 } from './rounding';
import { wilsonInterval } from './wilson';

export interface ElementCount {
  /** answers ≥ satisfiedFrom (4 or 5 under 1001/QĐ-BNV) */
  satisfied: number;
  /** non-empty likert answers */
  valid: number;
}

export interface SipasRow {
  /** the group key: a unit code, or '' for the whole file */
  unitCode: string;
  element: SipasElement | 'overall';
  /** percentage, 2 decimals; null when there is no valid answer */
  index: number | null;
  /** valid answers; null on the overall row */
  n: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface SipasOptions {
  /** methodology/config/survey.json sipas.satisfiedFrom */
  satisfiedFrom: number;
  /** methodology/config/survey.json sipas.wilsonZ */
  z: number;
}

interface Group {
  responses: number;
  counts: Map<SipasElement, ElementCount>;
}

/**
 * Keeps only counts per group and element, so a million responses cost a few numbers per unit.
 * Feed it answers already checked by validateAnswers (hidden questions dropped).
 */
export class SipasAccumulator {
  private readonly elementOf = new Map<string, SipasElement>();
  /** elements measured by the form, in order 1..5: the rows every group reports */
  readonly elements: SipasElement[];
  private readonly groups = new Map<string, Group>();

  constructor(
    form: SurveyForm,
    private readonly options: SipasOptions,
  ) {
    for (const item of likertQuestions(form)) if (item.element) this.elementOf.set(item.code, item.element);
    this.elements = SIPAS_ELEMENTS.filter((e) => [...this.elementOf.values()].includes(e));
  }

  add(groupKey: string, answers: Readonly<Record<string, unknown>>): void {
    let group = this.groups.get(groupKey);
    if (!group) {
      group = { responses: 0, counts: new Map(this.elements.map((e) => [e, { satisfied: 0, valid: 0 }])) };
      this.groups.set(groupKey, group);
    }
    group.responses++;
    for (const [code, element] of this.elementOf) {
      const a = answers[code];
      if (typeof a !== 'number') continue; // empty answers are not valid answers
      const c = group.counts.get(element)!;
      c.valid++;
      if (a >= this.options.satisfiedFrom) c.satisfied++;
    }
  }

  /** Group keys in code order (the CLI's row order). */
  groupKeys(): string[] {
    return [...this.groups.keys()].sort(compareCodes);
  }

  responses(groupKey: string): number {
    return this.groups.get(groupKey)?.responses ?? 0;
  }

  counts(groupKey: string): Map<SipasElement, ElementCount> {
    return new Map(this.groups.get(groupKey)?.counts ?? this.elements.map((e) => [e, { satisfied: 0, valid: 0 }]));
  }

  /** Rows per group: elements 1..5 then overall, groups in code order. */
  rows(): SipasRow[] {
    return this.groupKeys().flatMap((k) => sipasRows(k, this.counts(k), this.options));
  }
}

/** Element rows and the overall row for one group's counts. */
export function sipasRows(unitCode: string, counts: ReadonlyMap<SipasElement, ElementCount>, options: SipasOptions): SipasRow[] {
  const rows: SipasRow[] = [];
  const exact: number[] = [];
  for (const element of SIPAS_ELEMENTS) {
    const c = counts.get(element);
    if (!c) continue;
    const share = elementShare(c);
    if (share === null) {
      rows.push({ unitCode, element, index: null, n: 0, ciLow: null, ciHigh: null });
      continue;
    }
    exact.push(share);
    const ci = wilsonInterval(share, c.valid, options.z)!;
    rows.push({ unitCode, element, index: round2(share * 100), n: c.valid, ciLow: round2(ci.low * 100), ciHigh: round2(ci.high * 100) });
  }
  // The mean is taken on the unrounded element shares so the result does not depend on display rounding.
  const overall = exact.length === 0 ? null : round2((exact.reduce((s, x) => s + x, 0) * 100) / exact.length);
  rows.push({ unitCode, element: 'overall', index: overall, n: null, ciLow: null, ciHigh: null });
  return rows;
}

/** satisfied ÷ valid, or null without valid answers. */
export function elementShare(c: ElementCount): number | null {
  return c.valid === 0 ? null : c.satisfied / c.valid;
}

/** Plain code-point order of codes: locale-independent, so files sort the same on every machine. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
