import { type Kysely, sql } from 'kysely';

// One-stop indicators: the overdue count of every indicator query reads the open dossiers (received, not
// resolved) of the months asked for, and needs each one's due date, apology flag and channel. The partial index
// of 0201 gave only their places in the table, so 40,000 open dossiers meant as many scattered heap reads
// (about 300 ms for the dashboard of 150 units × 24 months); with those columns in the index the count is an
// index-only scan. It replaces the 0201 index, whose key and predicate it repeats.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index onestop_dossiers_open_due_idx on onestop_dossiers(unit_id, received_ym) include (due_date, apology_ok, channel)
      where received and resolved_date is null;
    drop index onestop_dossiers_open_idx;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen: restore a backup instead');
}
