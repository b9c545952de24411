// Sociological survey for unit indices (domain.md): a respondent group rates the units of a group on A–D
// items; each answer becomes a configured percentage of the item's max (one province's software uses
// A 100, B 60, C 20, D 0 — methodology/config/survey.json, configurable per province).
import { type SurveyForm, optionValues } from './form';
import { round2 } from './rounding';

export interface ItemResult {
  /** mean of the converted percentages, unrounded; null when no answer converts */
  meanPercent: number | null;
  /** answers that converted */
  n: number;
}

/** Per unit and item: sums of converted percentages, one response at a time. */
export class SociologicalAccumulator {
  private readonly items: string[];
  private readonly sums = new Map<string, Map<string, { total: number; n: number }>>();

  constructor(
    form: SurveyForm,
    private readonly answerPercent: Readonly<Record<string, number>>,
  ) {
    // the rated items are the choice questions answered with letters of the conversion table
    this.items = form.questions
      .filter((q) => q.type === 'choice' && optionValues(q).some((v) => v in answerPercent))
      .map((q) => q.code);
  }

  add(unitCode: string, answers: Readonly<Record<string, unknown>>): void {
    let unit = this.sums.get(unitCode);
    if (!unit) {
      unit = new Map(this.items.map((i) => [i, { total: 0, n: 0 }]));
      this.sums.set(unitCode, unit);
    }
    for (const item of this.items) {
      const a = answers[item];
      // answers outside the table ("không ý kiến") are not ratings and leave the mean untouched
      if (typeof a !== 'string' || !Object.hasOwn(this.answerPercent, a)) continue;
      const s = unit.get(item)!;
      s.total += this.answerPercent[a];
      s.n++;
    }
  }

  /** unit code → item code → result */
  results(): Map<string, Map<string, ItemResult>> {
    const out = new Map<string, Map<string, ItemResult>>();
    for (const [unit, items] of this.sums) {
      out.set(unit, new Map([...items].map(([code, s]) => [code, { meanPercent: s.n === 0 ? null : s.total / s.n, n: s.n }])));
    }
    return out;
  }
}

/** Points of one item for one unit = mean converted percentage × item max ÷ 100, 2 decimals. */
export function sociologicalPoints(meanPercent: number, maxPoints: number): number {
  return round2((meanPercent * maxPoints) / 100);
}

/** What a framework leaf of type `survey` may name as its source. */
export type SurveySource = { kind: 'sociological'; question: string } | { kind: 'sipas'; element: 1 | 2 | 3 | 4 | 5 | 'overall' };

/** Parses `sociological:<question code>`, `sipas:overall` or `sipas:<1..5>`; null when malformed. */
export function parseSurveySource(source: string): SurveySource | null {
  const m = /^(sociological|sipas):(.+)$/.exec(source.trim());
  if (!m) return null;
  if (m[1] === 'sociological') return { kind: 'sociological', question: m[2] };
  if (m[2] === 'overall') return { kind: 'sipas', element: 'overall' };
  return /^[1-5]$/.test(m[2]) ? { kind: 'sipas', element: Number(m[2]) as 1 | 2 | 3 | 4 | 5 } : null;
}

/** One unit's survey results, as the scoring of `survey` leaves needs them. */
export interface UnitSurveyResults {
  /** SIPAS % per element and overall (null without answers) */
  sipas?: Partial<Record<1 | 2 | 3 | 4 | 5 | 'overall', number | null>>;
  /** sociological item code → mean converted percentage */
  sociological?: Readonly<Record<string, number | null>>;
}

/**
 * Points for a `survey` leaf: sociological items as above; SIPAS sources give index % × max ÷ 100.
 * Null when the unit has no result for that source (the leaf then scores nothing, formats.md).
 */
export function surveyPointsForLeaf(source: string, maxPoints: number, results: UnitSurveyResults): number | null {
  const parsed = parseSurveySource(source);
  if (!parsed) throw new RangeError(`nguồn khảo sát "${source}" không hợp lệ (dùng sociological:<mã câu>, sipas:overall hoặc sipas:1…5)`);
  const percent = parsed.kind === 'sipas' ? results.sipas?.[parsed.element] : results.sociological?.[parsed.question];
  if (percent === null || percent === undefined) return null;
  return round2((percent * maxPoints) / 100);
}
