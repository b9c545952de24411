// Kysely table types of the one-stop feature (migration 20261121_0201_onestop).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface OnestopTables {
  onestop_calendar: { date: string; kind: 'holiday' | 'workday'; name: Generated<string>; source: Generated<string> };
  onestop_import_jobs: {
    id: Generated<number>;
    kind: string;
    filename: Generated<string>;
    status: Generated<'running' | 'done' | 'failed'>;
    phase: Generated<string>;
    rows_processed: Generated<number>;
    bytes_received: Generated<number>;
    bytes_total: number | null;
    inserted: Generated<number>;
    updated: Generated<number>;
    error_count: Generated<number>;
    errors: Json | null;
    summary: Json | null;
    created_by: number | null;
    created_at: Generated<Date>;
    finished_at: Timestamp | null;
  };
  onestop_procedures: {
    code: string;
    name: Generated<string>;
    sector: Generated<string>;
    level: Generated<string>;
    processing_days: number | null;
    processing_hours: number | null;
    online_level: 'full' | 'partial' | 'none' | null;
    fee_vnd: number | null;
    cut_percent: number | null;
    unit_code: string | null;
    import_id: number | null;
    updated_at: Generated<Date>;
  };
  onestop_dossiers: {
    dossier_code: string;
    procedure_code: string;
    unit_id: number;
    channel: string;
    received_at: Timestamp | null;
    due_at: Timestamp | null;
    resolved_at: Timestamp | null;
    returned_at: Timestamp | null;
    status: number | null;
    paused_days: Generated<number>;
    apology_at: Timestamp | null;
    new_due_at: Timestamp | null;
    paid_online: Generated<boolean>;
    digitized: Generated<boolean>;
    e_result: Generated<boolean>;
    rating: number | null;
    received: boolean;
    received_date: string | null;
    received_ym: number | null;
    resolved_date: string | null;
    due_date: string | null;
    due_computed: Generated<boolean>;
    outcome: string;
    apology_ok: Generated<boolean>;
    import_id: number;
  };
  onestop_monthly: {
    unit_id: number;
    ym: number;
    channel: string;
    received: number;
    resolved: number;
    on_time: number;
    early: number;
    late: number;
    digitized: number;
    e_result: number;
    paid_online: number;
    late_apology_ok: number;
    rating1: number;
    rating2: number;
    rating3: number;
    rating4: number;
    rating5: number;
  };
  onestop_portal_766: { unit_code: string; period: string; field: string; value: number; import_id: number };
}
