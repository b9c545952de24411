// Import job rows → the progress object the web app polls.
import type { Selectable } from 'kysely';
import type { OnestopTables } from './onestop.tables';

type Job = Selectable<OnestopTables['onestop_import_jobs']>;

const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? null));

export function presentJob(j: Job) {
  return {
    id: j.id,
    kind: j.kind,
    filename: j.filename,
    status: j.status,
    phase: j.phase,
    rowsProcessed: j.rows_processed,
    bytesReceived: Number(j.bytes_received),
    bytesTotal: j.bytes_total === null ? null : Number(j.bytes_total),
    inserted: j.inserted,
    updated: j.updated,
    errorCount: j.error_count,
    errors: parse(j.errors) as { row: number; field: string; message: string }[] | null,
    summary: parse(j.summary) as Record<string, unknown> | null,
    createdAt: new Date(j.created_at).toISOString(),
    finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
  };
}
