import { type Kysely, sql } from 'kysely';

// Surveys: versioned forms, campaigns with units and targets, one-time receipt tokens, responses.
// Integrity lives in the schema: one response per (campaign, dossier code), one per one-time token,
// one per device-made id (offline replays are absorbed by ON CONFLICT on client_id).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table survey_forms (
      id bigint generated always as identity primary key,
      code text not null,
      version int not null,
      title text not null,
      unit_group text not null,
      definition jsonb not null,
      created_at timestamptz not null default now(),
      created_by bigint references users(id),
      unique (code, version)
    );

    create table survey_campaigns (
      id bigint generated always as identity primary key,
      code text not null unique,
      name text not null,
      form_id bigint not null references survey_forms(id),
      period_start date not null,
      period_end date not null,
      channels text[] not null,
      status text not null default 'open' check (status in ('draft', 'open', 'closed')),
      margin numeric,
      created_at timestamptz not null default now(),
      created_by bigint references users(id),
      check (period_end >= period_start)
    );

    create table survey_campaign_units (
      campaign_id bigint not null references survey_campaigns(id) on delete cascade,
      unit_id bigint not null references units(id),
      target int not null default 0 check (target >= 0),
      population int check (population is null or population > 0),
      primary key (campaign_id, unit_id)
    );

    create table survey_tokens (
      token text primary key,
      campaign_id bigint not null references survey_campaigns(id) on delete cascade,
      unit_id bigint not null references units(id),
      dossier_code text,
      created_at timestamptz not null default now()
    );
    create unique index survey_tokens_dossier_uq on survey_tokens(campaign_id, dossier_code) where dossier_code is not null;

    create table survey_responses (
      id bigint generated always as identity primary key,
      client_id text not null,
      campaign_id bigint not null references survey_campaigns(id) on delete cascade,
      unit_id bigint not null references units(id),
      channel text not null check (channel in ('qr', 'kiosk', 'web', 'interviewer', 'paper')),
      submitted_at timestamptz not null,
      started_at timestamptz,
      received_at timestamptz not null default now(),
      answers jsonb not null,
      -- likert answers per SIPAS element × answer value (index (e-1)*5 + a): what the indices sum in SQL
      hist smallint[] not null,
      flags text[] not null default '{}',
      review text not null check (review in ('ok', 'pending', 'accepted', 'rejected')),
      reviewed_by bigint references users(id),
      reviewed_at timestamptz,
      dossier_code text,
      token text references survey_tokens(token),
      device text,
      entered_by bigint references users(id),
      constraint survey_responses_client_uq unique (client_id)
    );
    create unique index survey_responses_dossier_uq on survey_responses(campaign_id, dossier_code) where dossier_code is not null;
    create unique index survey_responses_token_uq on survey_responses(token) where token is not null;
    create index survey_responses_campaign_idx on survey_responses(campaign_id, unit_id, channel);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen: restore a backup instead');
}
