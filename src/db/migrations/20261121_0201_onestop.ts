import { type Kysely, sql } from 'kysely';

// One-stop data: the working-day calendar, the procedure catalogue, dossiers with their stored
// classification (so indicators are SQL aggregates), a monthly summary per unit and channel (the
// dashboard reads it instead of scanning millions of dossiers), import jobs (progress polled by the
// web app) and the Index 766 figures published by the national portal (for reconciliation).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table onestop_calendar (
      date date primary key,
      kind text not null check (kind in ('holiday', 'workday')),
      name text not null default '',
      source text not null default ''
    );

    create table onestop_import_jobs (
      id bigint generated always as identity primary key,
      kind text not null,
      filename text not null default '',
      status text not null default 'running' check (status in ('running', 'done', 'failed')),
      phase text not null default 'waiting',
      rows_processed integer not null default 0,
      bytes_received bigint not null default 0,
      bytes_total bigint,
      inserted integer not null default 0,
      updated integer not null default 0,
      error_count integer not null default 0,
      errors jsonb,
      summary jsonb,
      created_by bigint references users(id),
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index onestop_import_jobs_kind_idx on onestop_import_jobs(kind, id desc);

    create table onestop_procedures (
      code text primary key,
      name text not null default '',
      sector text not null default '',
      level text not null default '',
      processing_days integer,
      processing_hours numeric,
      online_level text check (online_level in ('full', 'partial', 'none')),
      fee_vnd numeric,
      cut_percent numeric,
      unit_code text,
      import_id bigint,
      updated_at timestamptz not null default now()
    );

    -- No foreign keys on this table on purpose: a million-row import checks codes in the application
    -- (row-numbered errors) and a per-row FK check would double the merge time.
    create table onestop_dossiers (
      dossier_code text primary key,
      procedure_code text not null,
      unit_id bigint not null,
      channel text not null,
      received_at timestamptz,
      due_at timestamptz,
      resolved_at timestamptz,
      returned_at timestamptz,
      status smallint,
      paused_days integer not null default 0,
      apology_at timestamptz,
      new_due_at timestamptz,
      paid_online boolean not null default false,
      digitized boolean not null default false,
      e_result boolean not null default false,
      rating smallint,
      -- classification (formats.md), computed at import with the calendar and onestop.json of that day
      received boolean not null,
      received_date date,
      received_ym integer,
      resolved_date date,
      due_date date,
      due_computed boolean not null default false,
      outcome text not null,
      apology_ok boolean not null default false,
      import_id bigint not null
    );
    create index onestop_dossiers_unit_ym_idx on onestop_dossiers(unit_id, received_ym);
    create index onestop_dossiers_open_idx on onestop_dossiers(unit_id, received_ym) where received and resolved_date is null;

    -- Counts that do not depend on the as-of date; overdue ones are counted live from the open dossiers.
    create table onestop_monthly (
      unit_id bigint not null,
      ym integer not null,
      channel text not null,
      received integer not null,
      resolved integer not null,
      on_time integer not null,
      early integer not null,
      late integer not null,
      digitized integer not null,
      e_result integer not null,
      paid_online integer not null,
      late_apology_ok integer not null,
      rating1 integer not null,
      rating2 integer not null,
      rating3 integer not null,
      rating4 integer not null,
      rating5 integer not null,
      primary key (unit_id, ym, channel)
    );

    create table onestop_portal_766 (
      unit_code text not null,
      period text not null,
      field text not null,
      value numeric not null,
      import_id bigint not null,
      primary key (unit_code, period, field)
    );
  `.execute(db);
}
