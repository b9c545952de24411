// Kysely types of the assessment tables (migration 20261121_0101_assessments).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export type CycleState = 'draft' | 'self_assessment' | 'appraisal' | 'explanation' | 'second_review' | 'finalized' | 'published';
export type DbStage = 'self' | 'appraised' | 'explained' | 'final';

export interface AssessmentTables {
  frameworks: {
    id: Generated<number>;
    code: string;
    name: string;
    year: number;
    unit_group: string;
    source: string | null;
    tree: Json;
    status: Generated<'draft' | 'published'>;
    cloned_from_id: number | null;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  cycles: {
    id: Generated<number>;
    name: string;
    year: number;
    state: Generated<CycleState>;
    allow_new_evidence: Generated<boolean>;
    self_opens_at: Timestamp;
    self_closes_at: Timestamp;
    appraisal_closes_at: Timestamp;
    explanation_opens_at: Timestamp;
    explanation_closes_at: Timestamp;
    second_review_closes_at: Timestamp;
    publication_at: Timestamp;
    released_at: Timestamp | null;
    locked_at: Timestamp | null;
    published_at: Timestamp | null;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
  };
  cycle_frameworks: { cycle_id: number; unit_group: string; framework_id: number };
  cycle_units: {
    cycle_id: number;
    unit_id: number;
    framework_id: number;
    status: Generated<'draft' | 'submitted'>;
    submitted_at: Timestamp | null;
    submitted_by: number | null;
  };
  assessment_scores: {
    cycle_id: number;
    unit_id: number;
    item_code: string;
    stage: DbStage;
    value: string | null;
    points: number | null;
    na: Generated<boolean>;
    note: string | null;
    updated_by: number | null;
    updated_at: Generated<Date>;
  };
  /** Derived: each unit's scores of a cycle as one JSON text, kept by triggers (migration 20261202_0101). */
  assessment_score_packs: {
    cycle_id: number;
    unit_id: number;
    rows: number;
    packed: string;
  };
  evidence_files: {
    id: Generated<number>;
    cycle_id: number;
    unit_id: number;
    item_code: string;
    stage: 'self' | 'appraised' | 'explained';
    original_name: string;
    stored_name: string;
    mime: string;
    size_bytes: number;
    sha256: string;
    uploaded_by: number | null;
    uploaded_at: Generated<Date>;
  };
}
