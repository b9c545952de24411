// Shapes of the assessment API as the web app reads them (src/modules/assessments/*.schemas.ts, services).
export type CycleState = 'draft' | 'self_assessment' | 'appraisal' | 'explanation' | 'second_review' | 'finalized' | 'published';

export interface Timeline {
  selfOpensAt: string;
  selfClosesAt: string;
  appraisalClosesAt: string;
  explanationOpensAt: string;
  explanationClosesAt: string;
  secondReviewClosesAt: string;
  publicationAt: string;
}

export interface Cycle {
  id: number;
  name: string;
  year: number;
  state: CycleState;
  stateLabel: string;
  allowNewEvidenceInExplanation: boolean;
  timeline: Timeline;
  releasedAt: string | null;
  lockedAt: string | null;
  publishedAt: string | null;
  locked: boolean;
  isDemo: boolean;
}

export interface CycleDetail extends Cycle {
  frameworks: { unitGroup: string; frameworkId: number; code: string; leafCount: number }[];
  unitCount: number;
  submittedCount: number;
}

export interface ProgressRow {
  unitId: number;
  unitCode: string;
  unitName: string;
  group: string;
  status: 'draft' | 'submitted';
  submittedAt: string | null;
  done: number;
  total: number;
}

export interface QueueRow {
  unitId: number;
  unitCode: string;
  unitName: string;
  group: string;
  submittedAt: string | null;
  reviewed: number;
  total: number;
}

export interface StageDto {
  value: string | null;
  points: number | null;
  na: boolean;
  note: string | null;
  computedPoints: number | null;
}

export interface FileDto {
  id: number;
  itemCode: string;
  stage: 'self' | 'appraised' | 'explained';
  name: string;
  mime: string;
  size: number;
  uploadedAt: string;
}

export type Rule =
  | { type: 'manual' }
  | { type: 'binary' }
  | { type: 'tiered'; levels: { label: string; points: number }[] }
  | { type: 'ratio'; thresholds?: { minPercent: number; points: number }[]; linear?: boolean }
  | { type: 'count'; pointsEach: number }
  | { type: 'deduction'; pointsEach: number }
  | { type: 'bonus'; pointsEach?: number }
  | { type: 'survey'; source?: string }
  | { type: 'data'; indicator: string; thresholds?: { minPercent: number; points: number }[]; linear?: boolean };

export interface LeafDto {
  code: string;
  title: string;
  areaCode: string;
  ancestors: string[];
  maxPoints: number;
  rule: Rule;
  evidenceRequired: boolean;
  allowNotApplicable: boolean;
  fed: boolean;
  self: StageDto | null;
  appraised: StageDto | null;
  explained: StageDto | null;
  final: StageDto | null;
  adjusted: boolean;
  files: FileDto[];
}

export interface Band {
  label: string;
  minPercent: number;
}

export interface Assessment {
  cycle: { id: number; name: string; year: number; state: CycleState; released: boolean; locked: boolean };
  unit: { id: number; code: string; name: string; group: string };
  status: 'draft' | 'submitted';
  submittedAt: string | null;
  framework: { code: string; name: string; bands: Band[]; areas: { code: string; title: string }[] };
  contentVisible: boolean;
  progress: { done: number; total: number };
  leaves: LeafDto[];
}

export interface FrameworkNode {
  code: string;
  title: string;
  maxPoints?: number;
  children?: FrameworkNode[];
}

export interface FrameworkDetail {
  id: number;
  code: string;
  name: string;
  year: number;
  unitGroup: string;
  status: 'draft' | 'published';
  framework: { items: FrameworkNode[] };
}

export interface FrameworkSummary {
  id: number;
  code: string;
  name: string;
  year: number;
  unitGroup: string;
  status: 'draft' | 'published';
  leafCount: number;
  maxPoints: number;
  isDemo: boolean;
}

export interface AreaResult {
  code: string;
  title: string;
  points: number;
  maxPoints: number;
  percent: number | null;
  rank: number | null;
  previousRank: number | null;
  pendingPoints: number;
}

export interface UnitResult {
  unitId: number;
  unitCode: string;
  unitName: string;
  group: string;
  submitted: boolean;
  points: number;
  maxPoints: number;
  percent: number | null;
  band: string | null;
  rank: number | null;
  of: number;
  pendingPoints: number;
  pendingItems: number;
  selfPoints: number;
  selfPercent: number | null;
  gapPoints: number;
  areas: AreaResult[];
  previous: { cycleId: number; year: number; unitCodes: string[]; points: number; percent: number | null; rank: number | null; of: number } | null;
  change: { points: number; percent: number | null; rank: number | null } | null;
  weakestAreas: string[];
  areasLostRank: string[];
}

export interface GroupResult {
  unitGroup: string;
  framework: { id: number; code: string; name: string; bands: Band[]; areas: { code: string; title: string }[] };
  pendingPoints: number;
  units: UnitResult[];
}

export interface CycleResults {
  cycle: { id: number; name: string; year: number; state: CycleState; locked: boolean; provisional: boolean };
  groups: GroupResult[];
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}
