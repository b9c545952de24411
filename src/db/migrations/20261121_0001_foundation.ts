import { type Kysely, sql } from 'kysely';

// Units with validity and lineage, identity (users, grants, sessions, login throttle), append-only audit.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table unit_groups (
      code text primary key,
      name text not null,
      historical boolean not null default false
    );
    insert into unit_groups (code, name, historical) values
      ('province', 'Tỉnh', false), ('department', 'Sở, ban, ngành', false),
      ('commune', 'Xã, phường', false), ('district', 'Huyện (trước 1/7/2025)', true);

    create table units (
      id bigint generated always as identity primary key,
      code text not null unique,
      name text not null,
      group_code text not null references unit_groups(code),
      parent_id bigint references units(id),
      valid_from date,
      valid_to date,
      is_demo boolean not null default false,
      created_at timestamptz not null default now(),
      check (valid_to is null or valid_from is null or valid_to >= valid_from)
    );
    create index units_parent_idx on units(parent_id);

    create table unit_successors (
      predecessor_id bigint not null references units(id) on delete cascade,
      successor_id bigint not null references units(id) on delete cascade,
      primary key (predecessor_id, successor_id),
      check (predecessor_id <> successor_id)
    );
    create index unit_successors_succ_idx on unit_successors(successor_id);

    create table users (
      id bigint generated always as identity primary key,
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      is_active boolean not null default true,
      is_demo boolean not null default false,
      created_at timestamptz not null default now()
    );

    create table role_grants (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      role text not null,
      unit_id bigint references units(id),
      include_descendants boolean not null default false
    );
    create index role_grants_user_idx on role_grants(user_id);

    create table sessions (
      id text primary key,
      user_id bigint not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    create index sessions_user_idx on sessions(user_id);

    create table login_attempts (
      id bigint generated always as identity primary key,
      username text not null,
      ip text not null,
      succeeded boolean not null,
      at timestamptz not null default now()
    );
    create index login_attempts_user_idx on login_attempts(username, at);
    create index login_attempts_ip_idx on login_attempts(ip, at);

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default clock_timestamp(),
      actor_id bigint,
      actor_name text,
      action text not null,
      entity text not null,
      entity_id text,
      unit_id bigint,
      before jsonb,
      after jsonb,
      ip text
    );
    create index audit_log_entity_idx on audit_log(entity, entity_id);

    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'P0001';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_is_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_is_append_only();

    create table app_settings (
      key text primary key,
      value jsonb not null
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen: restore a backup instead');
}
