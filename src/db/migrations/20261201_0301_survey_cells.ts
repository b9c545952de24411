import { type Kysely, sql } from 'kysely';

// Surveys: a summary per campaign × unit × channel × month (Vietnam time) of the stored responses — how
// many, how many pending review or rejected, how many counted (review ok | accepted) and the sums of the
// counted responses' histograms (h1..h25, slot (e-1)*5 + a as survey_responses.hist). Indices, progress and
// campaign lists read these cells instead of scanning every response.
// The cells are kept by statement-level AFTER triggers on survey_responses with transition tables, in the
// same transaction as the change whatever makes it (a submission, paper entry, an offline batch — replays
// insert nothing through ON CONFLICT, so they add nothing —, a review, a delete, a COPY import): one grouped
// upsert per statement, in key order so concurrent statements lock cells in the same order.
const H = Array.from({ length: 25 }, (_, i) => `h${i + 1}`);
const MONTH = `date_trunc('month', submitted_at at time zone 'Asia/Ho_Chi_Minh')::date`;
const COUNTED = `review in ('ok', 'accepted')`;

/** The grouped upsert of `source`: rows (s, campaign_id, unit_id, channel, submitted_at, review, hist), s = +1 or −1. */
function upsertFrom(source: string): string {
  const cols = ['responses', 'pending', 'rejected', 'counted', ...H];
  const sums = [
    'sum(s)::int',
    `coalesce(sum(s) filter (where review = 'pending'), 0)::int`,
    `coalesce(sum(s) filter (where review = 'rejected'), 0)::int`,
    `coalesce(sum(s) filter (where ${COUNTED}), 0)::int`,
    ...H.map((_, i) => `coalesce(sum(s * hist[${i + 1}]) filter (where ${COUNTED}), 0)::int`),
  ];
  return `
    insert into survey_cells as c (campaign_id, unit_id, channel, month, ${cols.join(', ')})
    select * from (
      select campaign_id, unit_id, channel, ${MONTH} as month, ${sums.map((x, i) => `${x} as ${cols[i]}`).join(', ')}
      from (${source}) d
      group by 1, 2, 3, 4
    ) g
    where ${cols.map((c) => `${c} <> 0`).join(' or ')}
    order by 1, 2, 3, 4
    on conflict (campaign_id, unit_id, channel, month) do update set
      ${cols.map((c) => `${c} = c.${c} + excluded.${c}`).join(', ')}`;
}

const ROW = 'campaign_id, unit_id, channel, submitted_at, review, hist';

/**
 * The hot path, one response per INSERT: the same sums without the grouping (which costs several times a
 * plain upsert); a statement of several rows may add to one cell twice, so it takes the grouped upsert.
 */
function upsertOne(): string {
  const cols = ['responses', 'pending', 'rejected', 'counted', ...H];
  const counted = `(${COUNTED})::int`;
  const vals = ['1', `(review = 'pending')::int`, `(review = 'rejected')::int`, counted, ...H.map((_, i) => `${counted} * hist[${i + 1}]`)];
  return `
    insert into survey_cells as c (campaign_id, unit_id, channel, month, ${cols.join(', ')})
    select campaign_id, unit_id, channel, ${MONTH}, ${vals.join(', ')}
    from new_rows
    on conflict (campaign_id, unit_id, channel, month) do update set
      ${cols.map((c) => `${c} = c.${c} + excluded.${c}`).join(', ')}`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table survey_cells (
      campaign_id bigint not null,
      unit_id bigint not null,
      channel text not null,
      month date not null,
      responses int not null default 0,
      pending int not null default 0,
      rejected int not null default 0,
      counted int not null default 0,
      ${H.map((h) => `${h} int not null default 0`).join(',\n      ')},
      primary key (campaign_id, unit_id, channel, month)
    );

    create function survey_cells_insert() returns trigger language plpgsql as $$
    declare
      n bigint := (select count(*) from new_rows);
    begin
      if n = 1 then
        ${upsertOne()};
      elsif n > 1 then
        ${upsertFrom(`select 1 as s, ${ROW} from new_rows`)};
      end if;
      return null;
    end $$;

    create function survey_cells_update() returns trigger language plpgsql as $$
    begin
      ${upsertFrom(`select 1 as s, ${ROW} from new_rows union all select -1, ${ROW} from old_rows`)};
      return null;
    end $$;

    create function survey_cells_delete() returns trigger language plpgsql as $$
    begin
      ${upsertFrom(`select -1 as s, ${ROW} from old_rows`)};
      return null;
    end $$;

    create trigger survey_cells_insert after insert on survey_responses
      referencing new table as new_rows for each statement execute function survey_cells_insert();
    create trigger survey_cells_update after update on survey_responses
      referencing old table as old_rows new table as new_rows for each statement execute function survey_cells_update();
    create trigger survey_cells_delete after delete on survey_responses
      referencing old table as old_rows for each statement execute function survey_cells_delete();

    -- backfill: the responses stored before this migration
    ${upsertFrom(`select 1 as s, ${ROW} from survey_responses`)};
  `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen: restore a backup instead');
}
