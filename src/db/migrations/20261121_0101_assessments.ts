import { type Kysely, sql } from 'kysely';

// Assessment: versioned frameworks, cycles with their timeline, per-unit status, scores of every stage,
// evidence file metadata. Once a cycle is locked the database itself refuses any change to its scores,
// files and unit statuses (a trigger raising "locked"), so no code path can rewrite a final result.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table frameworks (
      id bigint generated always as identity primary key,
      code text not null unique,
      name text not null,
      year int not null,
      unit_group text not null references unit_groups(code),
      source text,
      tree jsonb not null,
      status text not null default 'draft' check (status in ('draft', 'published')),
      cloned_from_id bigint references frameworks(id),
      is_demo boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index frameworks_year_idx on frameworks(year, unit_group);

    create table cycles (
      id bigint generated always as identity primary key,
      name text not null,
      year int not null,
      state text not null default 'draft'
        check (state in ('draft', 'self_assessment', 'appraisal', 'explanation', 'second_review', 'finalized', 'published')),
      allow_new_evidence boolean not null default false,
      self_opens_at timestamptz not null,
      self_closes_at timestamptz not null,
      appraisal_closes_at timestamptz not null,
      explanation_opens_at timestamptz not null,
      explanation_closes_at timestamptz not null,
      second_review_closes_at timestamptz not null,
      publication_at timestamptz not null,
      released_at timestamptz,
      locked_at timestamptz,
      published_at timestamptz,
      is_demo boolean not null default false,
      created_at timestamptz not null default now(),
      check (self_opens_at < self_closes_at and self_closes_at <= appraisal_closes_at
             and appraisal_closes_at <= explanation_opens_at and explanation_opens_at < explanation_closes_at
             and explanation_closes_at <= second_review_closes_at and second_review_closes_at <= publication_at)
    );

    create table cycle_frameworks (
      cycle_id bigint not null references cycles(id),
      unit_group text not null references unit_groups(code),
      framework_id bigint not null references frameworks(id),
      primary key (cycle_id, unit_group)
    );
    create index cycle_frameworks_fw_idx on cycle_frameworks(framework_id);

    create table cycle_units (
      cycle_id bigint not null references cycles(id),
      unit_id bigint not null references units(id),
      framework_id bigint not null references frameworks(id),
      status text not null default 'draft' check (status in ('draft', 'submitted')),
      submitted_at timestamptz,
      submitted_by bigint references users(id),
      primary key (cycle_id, unit_id)
    );

    create table assessment_scores (
      cycle_id bigint not null references cycles(id),
      unit_id bigint not null references units(id),
      item_code text not null,
      stage text not null check (stage in ('self', 'appraised', 'explained', 'final')),
      value text,
      points numeric,
      na boolean not null default false,
      note text,
      updated_by bigint references users(id),
      updated_at timestamptz not null default now(),
      primary key (cycle_id, unit_id, item_code, stage),
      foreign key (cycle_id, unit_id) references cycle_units(cycle_id, unit_id)
    );

    create table evidence_files (
      id bigint generated always as identity primary key,
      cycle_id bigint not null references cycles(id),
      unit_id bigint not null references units(id),
      item_code text not null,
      stage text not null check (stage in ('self', 'appraised', 'explained')),
      original_name text not null,
      stored_name text not null unique,
      mime text not null,
      size_bytes bigint not null check (size_bytes > 0),
      sha256 text not null,
      uploaded_by bigint references users(id),
      uploaded_at timestamptz not null default now(),
      foreign key (cycle_id, unit_id) references cycle_units(cycle_id, unit_id)
    );
    create index evidence_files_leaf_idx on evidence_files(cycle_id, unit_id, item_code);

    create function assessment_refuse_when_locked() returns trigger language plpgsql as $$
    declare
      cid bigint;
    begin
      cid := case when tg_op = 'DELETE' then old.cycle_id else new.cycle_id end;
      if exists (select 1 from cycles where id = cid and locked_at is not null) then
        raise exception 'cycle % is locked: % on % refused', cid, tg_op, tg_table_name using errcode = 'P0001';
      end if;
      if tg_op = 'UPDATE' and old.cycle_id <> new.cycle_id
         and exists (select 1 from cycles where id = old.cycle_id and locked_at is not null) then
        raise exception 'cycle % is locked: % on % refused', old.cycle_id, tg_op, tg_table_name using errcode = 'P0001';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$;
    create trigger assessment_scores_locked before insert or update or delete on assessment_scores
      for each row execute function assessment_refuse_when_locked();
    create trigger evidence_files_locked before insert or update or delete on evidence_files
      for each row execute function assessment_refuse_when_locked();
    create trigger cycle_units_locked before insert or update or delete on cycle_units
      for each row execute function assessment_refuse_when_locked();
    create trigger cycle_frameworks_locked before insert or update or delete on cycle_frameworks
      for each row execute function assessment_refuse_when_locked();

    -- A locked cycle may only move from finalized to published; its timeline and lock stay as they are.
    create function cycles_refuse_when_locked() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.locked_at is not null then
          raise exception 'cycle % is locked: DELETE refused', old.id using errcode = 'P0001';
        end if;
        return old;
      end if;
      if old.locked_at is not null and (
           new.locked_at is distinct from old.locked_at or new.year <> old.year
        or new.allow_new_evidence <> old.allow_new_evidence or new.released_at is distinct from old.released_at
        or new.self_opens_at <> old.self_opens_at or new.self_closes_at <> old.self_closes_at
        or new.appraisal_closes_at <> old.appraisal_closes_at or new.explanation_opens_at <> old.explanation_opens_at
        or new.explanation_closes_at <> old.explanation_closes_at or new.second_review_closes_at <> old.second_review_closes_at
        or not (new.state = old.state or (old.state = 'finalized' and new.state = 'published'))) then
        raise exception 'cycle % is locked: UPDATE refused', old.id using errcode = 'P0001';
      end if;
      return new;
    end $$;
    create trigger cycles_locked before update or delete on cycles
      for each row execute function cycles_refuse_when_locked();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen: restore a backup instead');
}
