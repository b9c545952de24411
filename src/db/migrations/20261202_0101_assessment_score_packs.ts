import { type Kysely, sql } from 'kysely';

// Assessment: every unit's scores of a cycle packed into one JSON text (assessment_score_packs), kept by
// statement-level AFTER triggers on assessment_scores in the same transaction as the change — whatever makes
// it (autosave, submission, appraisal, the scores import, a delete). The results read 150 packs instead of
// folding 54,000 rows into text on every request: building that text was most of the results' time.
//
// The pack is a flat array, six values per score row in (item_code, stage) order:
//   item_code, stage, points, value, na, note
// A rebuild recounts the unit from assessment_scores, never patches the pack: it first takes the pack's row
// lock (in key order, so concurrent statements lock in the same order), and the next statement — a fresh
// snapshot under READ COMMITTED — reads every score committed by whoever held the lock before. Two
// transactions saving two leaves of one unit thus leave both in the pack. Derived data: backups leave the
// table out and a restore rebuilds it through these same triggers (src/db/backup.ts).
const ENTRY = `concat_ws(',', to_json(s.item_code), '"' || s.stage || '"', coalesce(s.points::text, 'null'),
  coalesce(to_json(s.value)::text, 'null'), s.na::text, coalesce(to_json(s.note)::text, 'null'))`;

/** The (cycle, unit) pairs of a transition table, as two arrays in key order. */
const pairsOf = (rows: string) => `
  select coalesce(array_agg(cycle_id order by cycle_id, unit_id), '{}'), coalesce(array_agg(unit_id order by cycle_id, unit_id), '{}')
  from (select distinct cycle_id, unit_id from ${rows}) p`;

/** A statement-level trigger function rebuilding the packs of the pairs found in `rows`. */
const rebuildTrigger = (name: string, rows: string) => `
    create function ${name}() returns trigger language plpgsql as $$
    declare
      cids bigint[];
      uids bigint[];
    begin
      ${pairsOf(rows)} into cids, uids;
      perform assessment_score_packs_rebuild(cids, uids);
      return null;
    end $$;`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table assessment_score_packs (
      cycle_id bigint not null,
      unit_id bigint not null,
      rows integer not null,
      packed text not null,
      primary key (cycle_id, unit_id)
    );

    create function assessment_score_packs_rebuild(cids bigint[], uids bigint[]) returns void language plpgsql as $$
    begin
      if cardinality(cids) = 0 then
        return;
      end if;
      insert into assessment_score_packs (cycle_id, unit_id, rows, packed)
        select c, u, 0, '[]' from unnest(cids, uids) as a(c, u) order by 1, 2
        on conflict do nothing;
      perform 1 from assessment_score_packs p join unnest(cids, uids) as a(c, u) on p.cycle_id = a.c and p.unit_id = a.u
        order by p.cycle_id, p.unit_id for update of p;
      update assessment_score_packs p set rows = g.n, packed = g.j
      from (
        select a.c, a.u, count(s.item_code)::int as n,
          coalesce('[' || string_agg(${ENTRY}, ',' order by s.item_code, s.stage) || ']', '[]') as j
        from unnest(cids, uids) as a(c, u)
        left join assessment_scores s on s.cycle_id = a.c and s.unit_id = a.u
        group by a.c, a.u
      ) g
      where p.cycle_id = g.c and p.unit_id = g.u;
      delete from assessment_score_packs p using unnest(cids, uids) as a(c, u)
        where p.cycle_id = a.c and p.unit_id = a.u and p.rows = 0;
    end $$;

    ${rebuildTrigger('assessment_score_packs_insert', 'new_rows')}
    ${rebuildTrigger('assessment_score_packs_update', '(select cycle_id, unit_id from new_rows union select cycle_id, unit_id from old_rows) t')}
    ${rebuildTrigger('assessment_score_packs_delete', 'old_rows')}

    create trigger assessment_score_packs_insert after insert on assessment_scores
      referencing new table as new_rows for each statement execute function assessment_score_packs_insert();
    create trigger assessment_score_packs_update after update on assessment_scores
      referencing old table as old_rows new table as new_rows for each statement execute function assessment_score_packs_update();
    create trigger assessment_score_packs_delete after delete on assessment_scores
      referencing old table as old_rows for each statement execute function assessment_score_packs_delete();

    -- backfill: the scores stored before this migration
    select assessment_score_packs_rebuild(coalesce(array_agg(cycle_id order by cycle_id, unit_id), '{}'), coalesce(array_agg(unit_id order by cycle_id, unit_id), '{}'))
    from (select distinct cycle_id, unit_id from assessment_scores) p;
  `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen: restore a backup instead');
}
