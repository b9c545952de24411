// One-stop indicators per group (formats.md "Dossiers"), accumulated one dossier at a time so a
// million-row export never sits in memory: only one counter set per group is kept.
import type { WorkingCalendar } from '../calendar/working-calendar';
import { type DossierClassification, classifyDossier } from './classify-dossier';
import type { OnestopRules } from './onestop-config';
import { percent } from './rates';
import type { Dossier, Procedure } from './types';

export type GroupDimension = 'unit' | 'month' | 'procedure' | 'sector' | 'channel';

/** Column names of the group keys in files and JSON. */
export const GROUP_KEY_COLUMNS: Record<GroupDimension, string> = {
  unit: 'unit_code',
  month: 'month',
  procedure: 'procedure_code',
  sector: 'sector',
  channel: 'channel',
};

export const COUNT_NAMES = [
  'received',
  'resolved',
  'on_time',
  'early',
  'late',
  'overdue',
  'pending',
  'online',
  'digitized',
  'e_result',
  'paid_online',
  'late_or_overdue',
  'apology_compliant',
  'rated',
  'satisfied',
] as const;
export type CountName = (typeof COUNT_NAMES)[number];
export type IndicatorCounts = Record<CountName, number>;

/** Each rate's numerator and denominator, exactly as formats.md defines them. */
export const RATE_DEFINITIONS = {
  on_time_rate: ['on_time', 'resolved'],
  online_rate: ['online', 'received'],
  paid_online_rate: ['paid_online', 'received'],
  digitized_rate: ['digitized', 'received'],
  e_result_rate: ['e_result', 'resolved'],
  apology_compliance_rate: ['apology_compliant', 'late_or_overdue'],
  satisfied_rate: ['satisfied', 'rated'],
} as const satisfies Record<string, readonly [CountName, CountName]>;
export type RateName = keyof typeof RATE_DEFINITIONS;
export const RATE_NAMES = Object.keys(RATE_DEFINITIONS) as RateName[];

export interface IndicatorRow {
  /** Group key values by dimension (only the requested dimensions are present). */
  key: Partial<Record<GroupDimension, string>>;
  counts: IndicatorCounts;
  /** Percentages with 2 decimals; null when the denominator is 0. */
  rates: Record<RateName, number | null>;
}

export interface IndicatorOptions {
  by: readonly GroupDimension[];
  /** Vietnam calendar date at which unresolved dossiers are judged overdue. */
  asOf: string;
  calendar: WorkingCalendar;
  rules: OnestopRules;
  /** Catalogue by code: due dates for dossiers without due_at, and the `sector` dimension. */
  procedures?: ReadonlyMap<string, Procedure>;
}

export interface IndicatorAccumulator {
  /** Classifies and counts one dossier; returns the classification for callers that store it. */
  add(d: Dossier): DossierClassification;
  /** Counts a dossier already classified (e.g. by the import pipeline). */
  addClassified(d: Dossier, c: DossierClassification): void;
  /** Rows sorted by group key; dossiers not received (status 1, 3 or no received_at) belong to no group. */
  result(): IndicatorRow[];
}

export function emptyCounts(): IndicatorCounts {
  return Object.fromEntries(COUNT_NAMES.map((n) => [n, 0])) as IndicatorCounts;
}

export function ratesOf(counts: IndicatorCounts): Record<RateName, number | null> {
  return Object.fromEntries(RATE_NAMES.map((r) => [r, percent(counts[RATE_DEFINITIONS[r][0]], counts[RATE_DEFINITIONS[r][1]])])) as Record<
    RateName,
    number | null
  >;
}

export function createIndicatorAccumulator(options: IndicatorOptions): IndicatorAccumulator {
  if (options.by.includes('sector') && !options.procedures) {
    throw new Error('Nhóm theo lĩnh vực (sector) cần danh mục thủ tục');
  }
  const groups = new Map<string, { key: Partial<Record<GroupDimension, string>>; counts: IndicatorCounts }>();

  const keyOf = (d: Dossier, c: DossierClassification): Partial<Record<GroupDimension, string>> => {
    const key: Partial<Record<GroupDimension, string>> = {};
    for (const dim of options.by) {
      if (dim === 'unit') key.unit = d.unitCode;
      else if (dim === 'month') key.month = (c.receivedDate ?? '').slice(0, 7);
      else if (dim === 'procedure') key.procedure = d.procedureCode;
      else if (dim === 'sector') key.sector = options.procedures?.get(d.procedureCode)?.sector ?? '';
      else key.channel = d.channel;
    }
    return key;
  };

  const addClassified = (d: Dossier, c: DossierClassification): void => {
    if (!c.received) return;
    const key = keyOf(d, c);
    // \u0000 cannot occur in a CSV cell, so joined keys never collide.
    const id = options.by.map((dim) => key[dim]).join('\u0000');
    let g = groups.get(id);
    if (!g) {
      g = { key, counts: emptyCounts() };
      groups.set(id, g);
    }
    const n = g.counts;
    n.received++;
    if (c.resolved) n.resolved++;
    if (c.onTime) n.on_time++;
    if (c.outcome === 'early') n.early++;
    if (c.outcome === 'late') n.late++;
    if (c.outcome === 'overdue') n.overdue++;
    if (c.outcome === 'pending') n.pending++;
    if (d.channel === 'online') n.online++;
    if (d.digitized) n.digitized++;
    if (d.eResult && c.resolved) n.e_result++;
    if (d.paidOnline) n.paid_online++;
    if (c.lateOrOverdue) n.late_or_overdue++;
    if (c.apologyCompliant) n.apology_compliant++;
    if (d.rating !== null) {
      n.rated++;
      if (d.rating >= options.rules.satisfiedMinRating) n.satisfied++;
    }
  };

  return {
    add(d) {
      const c = classifyDossier(d, {
        calendar: options.calendar,
        procedure: options.procedures?.get(d.procedureCode),
        asOf: options.asOf,
        rules: options.rules,
      });
      addClassified(d, c);
      return c;
    },
    addClassified,
    result() {
      const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      return [...groups.entries()]
        .sort(([a], [b]) => compare(a, b))
        .map(([, g]) => ({ key: g.key, counts: { ...g.counts }, rates: ratesOf(g.counts) }));
    },
  };
}

/** Whole-collection convenience over the accumulator (any iterable, so generators stream too). */
export function computeIndicators(dossiers: Iterable<Dossier>, options: IndicatorOptions): IndicatorRow[] {
  const acc = createIndicatorAccumulator(options);
  for (const d of dossiers) acc.add(d);
  return acc.result();
}
