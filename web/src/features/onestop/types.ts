// Response shapes of /api/onestop/* (src/modules/onestop/onestop.service.ts).
export type Granularity = 'month' | 'quarter' | 'year';
export type RateName =
  | 'on_time_rate'
  | 'online_rate'
  | 'paid_online_rate'
  | 'digitized_rate'
  | 'e_result_rate'
  | 'apology_compliance_rate'
  | 'satisfied_rate';

export interface Counts {
  received: number;
  resolved: number;
  on_time: number;
  early: number;
  late: number;
  overdue: number;
  pending: number;
  online: number;
  digitized: number;
  e_result: number;
  paid_online: number;
  late_or_overdue: number;
  apology_compliant: number;
  rated: number;
  satisfied: number;
}

export interface IndicatorRow {
  unitId?: number;
  unitCode?: string;
  unitName?: string;
  period?: string;
  counts: Counts;
  rates: Record<RateName, number | null>;
  lateRate: number | null;
}

export interface Settings {
  lateRateMaxPercent: number;
  lateRateSource: string;
  satisfiedMinRating: number;
  significantCutPercent: number;
  index766: { name: string; source: string; groups: { code: string; title: string; maxPoints: number }[] };
  rates: RateName[];
}

export type DossierFilter = 'late' | 'overdue' | 'late_or_overdue' | 'not_digitized' | 'not_online' | 'unsatisfied' | 'all';

export interface DossierRow {
  dossierCode: string;
  procedureCode: string;
  procedureName: string | null;
  unitCode: string;
  unitName: string;
  channel: 'online' | 'direct' | 'postal';
  receivedAt: string | null;
  dueDate: string | null;
  dueComputed: boolean;
  resolvedAt: string | null;
  resolvedDate: string | null;
  status: number;
  pausedDays: number;
  outcome: 'late' | 'overdue' | 'pending' | 'early' | 'on_time';
  apology: 'compliant' | 'late_slip' | 'none';
  apologyAt: string | null;
  newDueAt: string | null;
  digitized: boolean;
  eResult: boolean;
  paidOnline: boolean;
  rating: number | null;
}

export interface DossierList {
  total: number;
  asOf: string;
  rows: DossierRow[];
}

export interface Job {
  id: number;
  kind: 'dossiers' | 'procedures' | 'portal766' | 'calendar' | string;
  filename: string;
  status: 'running' | 'done' | 'failed';
  phase: 'waiting' | 'parsing' | 'merging' | 'done' | 'failed' | string;
  rowsProcessed: number;
  bytesReceived: number;
  bytesTotal: number | null;
  inserted: number;
  updated: number;
  errorCount: number;
  errors: RowIssue[] | null;
  summary: { warnings?: string[] } & Record<string, unknown>;
  createdAt: string;
  finishedAt: string | null;
}

export interface RowIssue {
  row: number;
  field: string;
  message: string;
}

export interface ProcedureSummaryRow {
  key: { level?: string; unit?: string; sector?: string };
  count: number;
  full: number;
  partial: number;
  none: number;
  unknown: number;
  online: number;
  online_rate: number | null;
  full_online_rate: number | null;
  significant_cut: number;
  significant_cut_rate: number | null;
  average_cut_percent: number | null;
}

export interface ProcedureSummary {
  rows: ProcedureSummaryRow[];
  total: ProcedureSummaryRow | null;
  significantCutPercent: number;
  savings: { dossiers: number; workingDaysSaved: number; valueVnd: number; sentence: string };
  valuePerDayVnd: number;
}

export interface Procedure {
  code: string;
  name: string;
  sector: string;
  level: string;
  processingDays: number | null;
  processingHours: number | null;
  onlineLevel: 'full' | 'partial' | 'none' | null;
  feeVnd: number | null;
  cutPercent: number | null;
  unitCode: string | null;
}

export interface Indicator766 {
  code: string;
  input: string;
  rate: number | null;
  points: number;
  maxPoints: number;
  status: 'scored' | 'no_data' | 'missing_input';
  confirmed: boolean;
}

export interface Score766 {
  unitCode: string;
  unitName: string;
  period: string;
  total: number;
  maxPoints: number;
  dossiers: number;
  groups: { code: string; title: string; points: number; maxPoints: number; indicators: Indicator766[] }[];
  missingInputs: string[];
}

export interface Index766 {
  period: string;
  asOf: string;
  scores: Score766[];
}

export interface Difference {
  unitCode: string;
  unitId: number | null;
  unitName: string;
  period: string;
  field: string;
  ours: number | null;
  portal: number | null;
  difference: number | null;
  explanations: { group: string; label: string; filter: DossierFilter | null; count: number; sample: string[] }[];
}

export interface Reconciliation {
  period: string;
  asOf: string;
  differences: Difference[];
}
