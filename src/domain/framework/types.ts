// The framework tree exactly as the JSON of formats.md ("Index framework — JSON"): versioned data, never code.

export interface Band {
  label: string;
  /** Inclusive lower bound in percent; bands are ordered high to low and the last is 0. */
  minPercent: number;
}

export interface Threshold {
  minPercent: number;
  points: number;
}

export interface TierLevel {
  label: string;
  points: number;
}

export type ManualRule = { type: 'manual' };
export type BinaryRule = { type: 'binary' };
export type TieredRule = { type: 'tiered'; levels: TierLevel[] };
/** A declared percentage: `thresholds` (highest matching minPercent wins) or `linear` (max × percent / 100). */
export type RatioRule = { type: 'ratio'; thresholds?: Threshold[]; linear?: boolean };
export type CountRule = { type: 'count'; pointsEach: number };
/** A negative item: pointsEach subtracted per occurrence, down to −maxPoints. */
export type DeductionRule = { type: 'deduction'; pointsEach: number };
/** Positive extra points, capped at maxPoints; never part of the maximum. Without pointsEach the value is the points. */
export type BonusRule = { type: 'bonus'; pointsEach?: number };
/** Points come from a survey result (never self-scored); `source` names it, e.g. `sipas:overall`. */
export type SurveyRule = { type: 'survey'; source?: string };
/** Points come from an indicator computed from imported data, e.g. `on_time_rate`, mapped like a ratio. */
export type DataRule = { type: 'data'; indicator: string; thresholds?: Threshold[]; linear?: boolean };

export type Rule =
  | ManualRule
  | BinaryRule
  | TieredRule
  | RatioRule
  | CountRule
  | DeductionRule
  | BonusRule
  | SurveyRule
  | DataRule;

export type RuleType = Rule['type'];

export const RULE_TYPES: readonly RuleType[] = [
  'manual',
  'binary',
  'tiered',
  'ratio',
  'count',
  'deduction',
  'bonus',
  'survey',
  'data',
];

export interface LeafItem {
  code: string;
  title: string;
  maxPoints: number;
  rule: Rule;
  evidenceRequired?: boolean;
  allowNotApplicable?: boolean;
  children?: undefined;
}

export interface GroupItem {
  code: string;
  title: string;
  children: FrameworkItem[];
  maxPoints?: undefined;
  rule?: undefined;
}

export type FrameworkItem = LeafItem | GroupItem;

export interface Framework {
  code: string;
  name: string;
  year: number;
  unitGroup: string;
  source?: string;
  /** Free text; sample frameworks say here which parts are verified. */
  note?: string;
  bands: Band[];
  items: FrameworkItem[];
}

export function isGroup(item: FrameworkItem): item is GroupItem {
  return Array.isArray(item.children);
}

export function isLeaf(item: FrameworkItem): item is LeafItem {
  return !Array.isArray(item.children);
}

/** Bonus and deduction leaves add to or subtract from their area but never count in the maximum. */
export function countsInMax(leaf: LeafItem): boolean {
  return leaf.rule.type !== 'bonus' && leaf.rule.type !== 'deduction';
}
