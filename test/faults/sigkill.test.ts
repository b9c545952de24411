// SIGKILL during writes: the real server (`chiso serve` as a child process) on a fresh data directory takes
// public survey responses, self-assessment edits and a dossier import at the same time; it is killed with
// SIGKILL while the import merges (at full scale also once before, while it parses), restarted on the same data, and
// then every write it acknowledged with a 2xx must be there exactly once and each import wholly present or
// wholly absent. Runs on the embedded engine, and on PostgreSQL when TEST_DATABASE_URL is set.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer, waitForHealth } from '../../bench/lib/server-process';
import { freePort } from '../helpers/postgres';
import { demoDossierRows, demoProceduresCsv } from '../../src/modules/onestop/onestop.demo';
import { DOSSIER_COLUMNS } from '../../src/formats/dossiers.format';
import { stageTable } from '../../src/modules/onestop/onestop.repository';
import {
  ADMIN_PASSWORD,
  type Answer,
  type EngineKind,
  SCALE,
  as,
  createPgDatabase,
  engines,
  login,
  multipart,
  openForCheck,
  rng,
  send,
  sleep,
} from './helpers/fault-kit';

const tiny = JSON.parse(readFileSync(new URL('../fixtures/survey-server/tiny-sipas.json', import.meta.url), 'utf8'));
const IMPORT_ROWS = SCALE === 'full' ? 200_000 : 30_000;
const SURVEY_WORKERS = 3;
/** Pause between two submissions of one survey worker: keeps every source address far under its 120/min limit. */
const SURVEY_PACE_MS = 25;
/** Source addresses on loopback the public submissions come from (the per-address limit is per window). */
const ADDRESSES = Array.from({ length: 64 }, (_, i) => `127.0.${2 + Math.floor(i / 250)}.${1 + (i % 250)}`);
const REPLAY_ADDRESSES = Array.from({ length: 64 }, (_, i) => `127.0.9.${1 + i}`);
const year = new Date().getUTCFullYear();

interface Edit {
  leaf: string;
  key: string;
  value: number;
}

/** What the test sent and what the server acknowledged, across every life of the server. */
interface Ledger {
  surveysSent: Map<string, { unit: string; answers: Record<string, number> }>;
  surveysAcked: Map<string, number>;
  editsAcked: Edit[];
  /** edits sent but not answered (in flight at a kill) */
  editsInFlight: Edit[];
  /** per leaf, in order: every edit sent */
  editsSent: Map<string, Edit[]>;
  imports: { prefix: string; rows: number; jobId: number; acked: boolean }[];
  recoverMs: number[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
});

function surveyBody(clientId: string, unit: string, answers: Record<string, number>) {
  return { campaign: 'FLT', channel: 'web', unit, clientId, startedAt: new Date(Date.now() - 5 * 60_000).toISOString(), answers };
}

/** The dossier file of one import: demo generator rows with their own code prefix, commune units and procedures. */
function importFile(prefix: string, communes: string[], rows: number): string {
  const communeProcedures = demoProceduresCsv(90, [], 20251).procedures.filter((p) => p.code.startsWith('2.'));
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const ym = Number(today.slice(0, 4)) * 100 + Number(today.slice(5, 7));
  const lines = [DOSSIER_COLUMNS.join(',')];
  for (const r of demoDossierRows({ n: rows, seed: prefix.length * 7919 + 17, prefix, fromYm: 202501, toYm: ym, today, units: communes.map((code) => ({ code, procedures: communeProcedures })) })) {
    lines.push(r.join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe.each(engines())('SIGKILL during writes on %s', (kind: EngineKind) => {
  it('keeps every acknowledged write exactly once and no half import', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'chiso-faults-kill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      const d = await createPgDatabase('chiso_faults_kill');
      databaseUrl = d.url;
      cleanups.push(d.drop);
    }
    const port = await freePort();
    const env = { CHISO_DEMO_DOSSIERS: '300' };
    let server: ServerProcess | null = null;
    const start = async () => {
      const t0 = performance.now();
      server = spawnServer({ port, dataDir, databaseUrl, adminPassword: ADMIN_PASSWORD, env });
      const s = server;
      cleanups.push(() => s.kill9());
      await waitForHealth(s, t0, 170_000);
      return s;
    };
    let s = await start();
    const base = s.baseUrl;

    // --- set-up through the API: a survey campaign (cchc), the open 2026 cycle and the unit (daumoi.stp)
    const cchc = await login(base, 'cchc');
    const form = await as(base, cchc, { method: 'POST', path: '/api/surveys/forms', json: tiny });
    expect(form.status, form.body).toBe(201);
    const campaign = await as(base, cchc, {
      method: 'POST',
      path: '/api/surveys/campaigns',
      json: {
        code: 'FLT',
        name: 'Đợt thử chịu lỗi',
        formId: form.json().id,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
        channels: ['qr', 'kiosk', 'web'],
        units: [{ unitCode: 'HL-X001', target: 100 }, { unitCode: 'HL-X002', target: 100 }],
      },
    });
    expect(campaign.status, campaign.body).toBe(201);
    const campaignId: number = campaign.json().id;
    const communes = (await as(base, cchc, { method: 'GET', path: '/api/units?group=commune&current=1' })).json<{ code: string }[]>().map((u) => u.code);
    expect(communes.length).toBeGreaterThan(0);

    let focal = await login(base, 'daumoi.stp');
    const unitId = focal.grants[0].unitId!;
    const cycles = (await as(base, focal, { method: 'GET', path: '/api/cycles' })).json<{ id: number; year: number; state: string }[]>();
    const cycle = cycles.find((c) => c.year === 2026 && c.state === 'self_assessment');
    expect(cycle, JSON.stringify(cycles)).toBeDefined();
    const cycleId = cycle!.id;
    const assessmentPath = `/api/cycles/${cycleId}/units/${unitId}/assessment`;
    const before = (await as(base, focal, { method: 'GET', path: assessmentPath })).json<{ leaves: { code: string; fed: boolean; rule: { type: string } }[] }>();
    const leaves = before.leaves.filter((l) => !l.fed && l.rule.type === 'count').map((l) => l.code).slice(0, 3);
    expect(leaves.length).toBeGreaterThan(0);

    const ledger: Ledger = { surveysSent: new Map(), surveysAcked: new Map(), editsAcked: [], editsInFlight: [], editsSent: new Map(), imports: [], recoverMs: [] };
    const random = rng(20261201);
    let editSeq = 0;

    /** One life of the server under load; the import is started, then the server is killed at `killAt`. */
    const life = async (round: number, killAt: 'parsing' | 'merging') => {
      let stop = false;
      const surveyWorker = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const clientId = `flt-${round}-${w}-${i}`;
          const unit = i % 2 === 0 ? 'HL-X001' : 'HL-X002';
          // varied answers (never the same value three times: no straight-lining flag)
          const q1 = 1 + Math.floor(random() * 5);
          const answers = { Q1: q1, Q2: 1 + ((q1 + 1) % 5), Q3: 1 + ((q1 + 3) % 5) };
          ledger.surveysSent.set(clientId, { unit, answers });
          try {
            const res = await send(base, { method: 'POST', path: '/api/public/surveys/responses', json: surveyBody(clientId, unit, answers), localAddress: ADDRESSES[(w * 7 + i) % ADDRESSES.length] });
            if (res.status >= 200 && res.status < 300) {
              const b = res.json();
              expect(b.status).toBe('stored');
              ledger.surveysAcked.set(clientId, b.id);
            } else if (res.status !== 503) throw new Error(`survey ${clientId}: ${res.status} ${res.body}`);
          } catch (err) {
            if (err instanceof Error && err.message.startsWith('survey ')) throw err;
            if (!stop) await sleep(20);
          }
          await sleep(SURVEY_PACE_MS);
        }
      };
      const editWorker = async (leaf: string) => {
        const sent = ledger.editsSent.get(leaf) ?? [];
        ledger.editsSent.set(leaf, sent);
        while (!stop) {
          const seq = ++editSeq;
          const e: Edit = { leaf, key: `flt-edit-${seq}`, value: seq % 50 };
          sent.push(e);
          let res: Answer | null = null;
          try {
            res = await as(base, focal, { method: 'PUT', path: `/api/cycles/${cycleId}/units/${unitId}/leaves/${leaf}/self`, json: { value: e.value, explanation: e.key } });
          } catch {
            ledger.editsInFlight.push(e);
            break; // the server is gone
          }
          if (res.status === 200) {
            expect(res.json()).toMatchObject({ itemCode: leaf, note: e.key, value: String(e.value) });
            ledger.editsAcked.push(e);
          } else throw new Error(`edit ${leaf}: ${res.status} ${res.body}`);
          await sleep(10);
        }
      };
      const workers = [...Array.from({ length: SURVEY_WORKERS }, (_, w) => surveyWorker(w)), ...leaves.map(editWorker)];

      // warm load, then the import: a job row first (so its progress can be watched), then the file
      await sleep(2000);
      const prefix = `FLT${round}-`;
      const job = await as(base, cchc, { method: 'POST', path: '/api/onestop/imports', json: { kind: 'dossiers', filename: `${prefix}dossiers.csv` } });
      expect(job.status, job.body).toBe(201);
      const jobId: number = job.json().id;
      const entry = { prefix, rows: IMPORT_ROWS, jobId, acked: false };
      ledger.imports.push(entry);
      const file = multipart(`${prefix}dossiers.csv`, importFile(prefix, communes, IMPORT_ROWS));
      const upload = as(base, cchc, { method: 'POST', path: `/api/onestop/dossiers/import?job=${jobId}`, body: file.body, headers: { 'content-type': file.contentType }, timeoutMs: 170_000 }).then(
        (res) => {
          if (res.status !== 200) throw new Error(`import: ${res.status} ${res.body}`);
          expect(res.json()).toMatchObject({ jobId, rows: IMPORT_ROWS, inserted: IMPORT_ROWS });
          entry.acked = true;
        },
        () => {},
      );

      // watch the job until the phase the kill waits for. On the embedded engine the merge transaction holds
      // the one connection, so there "merging" shows as a poll left unanswered after the last progress write.
      let phase = 'waiting';
      let rowsSeen = 0;
      let pollSince = 0;
      let watching = true;
      const poller = (async () => {
        while (watching && !entry.acked) {
          pollSince = performance.now();
          const j = await as(base, cchc, { method: 'GET', path: `/api/onestop/imports/${jobId}` }).then((r) => r.json<{ phase: string; rowsProcessed: number }>(), () => null);
          pollSince = 0;
          if (j) {
            phase = j.phase;
            rowsSeen = j.rowsProcessed;
          }
          await sleep(20);
        }
      })();
      const deadline = performance.now() + 120_000;
      let seen = '';
      while (performance.now() < deadline && !entry.acked) {
        if (killAt === 'parsing' && phase === 'parsing') {
          seen = 'parsing';
          await sleep(100 + Math.floor(random() * 400));
          break;
        }
        const stalled = pollSince > 0 && performance.now() - pollSince > 500 && phase === 'parsing' && rowsSeen >= Math.min(20_000, IMPORT_ROWS);
        if (killAt === 'merging' && (phase === 'merging' || stalled)) {
          seen = phase === 'merging' ? 'merging' : 'merging (poll held by the merge transaction)';
          await sleep(Math.floor(random() * 200));
          break;
        }
        await sleep(10);
      }
      if (entry.acked) seen = `${seen || phase} → acknowledged before the kill`;
      const killedAt = performance.now();
      await s.kill9();
      stop = true;
      watching = false;
      await Promise.all([...workers, upload, poller]);
      // an edit worker may have been between two requests: its last sent edit is either acked or in flight
      s = await start();
      ledger.recoverMs.push(performance.now() - killedAt);
      focal = await login(base, 'daumoi.stp');
      return { phaseAtKill: seen };
    };
    // CI (small): one kill, while the import merges; full: first a kill while it parses, then one while it merges
    const kills = SCALE === 'full' ? [await life(1, 'parsing'), await life(2, 'merging')] : [await life(1, 'merging')];

    // --- after the last restart: what the API shows
    const surveysAcked = ledger.surveysAcked.size;
    expect(surveysAcked).toBeGreaterThan(10);
    expect(ledger.editsAcked.length).toBeGreaterThan(5);
    const assessment = (await as(base, focal, { method: 'GET', path: assessmentPath })).json<{ leaves: { code: string; self: { value: string | null; note: string | null } | null }[] }>();
    for (const leaf of leaves) {
      const sent = ledger.editsSent.get(leaf)!;
      const lastAcked = [...ledger.editsAcked].reverse().find((e) => e.leaf === leaf);
      // the stored edit is the last acknowledged one or an edit sent after it (in flight at a kill)
      const allowed = sent.slice(lastAcked ? sent.indexOf(lastAcked) : 0).map((e) => e.key);
      const self = assessment.leaves.find((l) => l.code === leaf)!.self;
      expect(allowed, `leaf ${leaf}: stored ${self?.note}`).toContain(self?.note);
    }

    // replay every submission ever sent: acknowledged ones come back as duplicates with their id, the rest are
    // stored now, so the campaign then holds exactly one response per distinct device id
    let i = 0;
    for (const [clientId, { unit, answers }] of ledger.surveysSent) {
      const res = await send(base, { method: 'POST', path: '/api/public/surveys/responses', json: surveyBody(clientId, unit, answers), localAddress: REPLAY_ADDRESSES[i++ % REPLAY_ADDRESSES.length] });
      expect(res.status, res.body).toBe(200);
      const acked = ledger.surveysAcked.get(clientId);
      if (acked !== undefined) expect(res.json(), clientId).toEqual({ status: 'duplicate', id: acked });
      else expect(['stored', 'duplicate']).toContain(res.json().status);
    }
    const results = (await as(base, cchc, { method: 'GET', path: `/api/surveys/campaigns/${campaignId}/results` })).json();
    expect(results.province.responses).toBe(ledger.surveysSent.size);
    await s.stop();

    // --- the rows themselves
    const database = await openForCheck(kind, { dataDir, url: databaseUrl });
    try {
      const { db } = database;
      const responses = await db.selectFrom('survey_responses').select(['id', 'client_id']).where('campaign_id', '=', campaignId).execute();
      const byClient = new Map<string, number[]>();
      for (const r of responses) byClient.set(r.client_id, [...(byClient.get(r.client_id) ?? []), r.id]);
      // every acknowledged response: present, once, under the id the server answered with
      for (const [clientId, id] of ledger.surveysAcked) expect(byClient.get(clientId), clientId).toEqual([id]);
      expect(responses.length).toBe(ledger.surveysSent.size);
      expect(byClient.size).toBe(ledger.surveysSent.size);

      const audits = await db
        .selectFrom('audit_log')
        .select([sql<string>`after->>'note'`.as('note')])
        .where('action', '=', 'assessment.self.save')
        .where('unit_id', '=', unitId)
        .execute();
      const auditCount = new Map<string, number>();
      for (const a of audits) auditCount.set(a.note, (auditCount.get(a.note) ?? 0) + 1);
      // every acknowledged edit was audited exactly once; an edit in flight at a kill at most once
      for (const e of ledger.editsAcked) expect(auditCount.get(e.key), e.key).toBe(1);
      const ours = audits.filter((a) => a.note?.startsWith('flt-edit-')).length;
      expect(ours).toBeGreaterThanOrEqual(ledger.editsAcked.length);
      expect(ours).toBeLessThanOrEqual(ledger.editsAcked.length + ledger.editsInFlight.length);
      for (const a of audits) if (a.note?.startsWith('flt-edit-')) expect(auditCount.get(a.note), a.note).toBe(1);

      const importOutcome: string[] = [];
      for (const imp of ledger.imports) {
        const n = Number(
          (await db.selectFrom('onestop_dossiers').select((eb) => eb.fn.countAll().as('n')).where('dossier_code', 'like', `${imp.prefix}%`).executeTakeFirstOrThrow()).n,
        );
        const job = await db.selectFrom('onestop_import_jobs').select(['status', 'inserted', 'errors']).where('id', '=', imp.jobId).executeTakeFirstOrThrow();
        const staging = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname = ${stageTable(imp.jobId)}`.execute(db);
        expect(staging.rows[0].n, `${imp.prefix} staging table left behind`).toBe(0);
        const audited = Number(
          (await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'onestop.dossiers.import').where('entity_id', '=', String(imp.jobId)).executeTakeFirstOrThrow()).n,
        );
        // all or nothing: every row with the job marked done and audited once, or no row and no "done"
        expect([0, imp.rows], `${imp.prefix} rows`).toContain(n);
        if (imp.acked) expect(n).toBe(imp.rows);
        if (n === imp.rows) expect({ status: job.status, inserted: job.inserted, audited }).toEqual({ status: 'done', inserted: imp.rows, audited: 1 });
        else {
          // cut off by the kill: the restarted server marked the job failed, saying why
          expect({ status: job.status, audited }).toEqual({ status: 'failed', audited: 0 });
          expect(JSON.stringify(job.errors)).toContain('Máy chủ đã dừng khi lượt nhập đang chạy');
        }
        importOutcome.push(`${imp.prefix} ${n === imp.rows ? 'whole' : 'absent'} (job ${job.status}${imp.acked ? ', acknowledged' : ''})`);
      }
      console.log(
        `[faults] SIGKILL on ${kind}: kills at import phase ${kills.map((k) => k.phaseAtKill).join(' / ')}; surveys sent ${ledger.surveysSent.size}, ` +
          `acknowledged ${surveysAcked}, found after restart ${[...ledger.surveysAcked.keys()].filter((c) => byClient.get(c)?.length === 1).length}; ` +
          `edits acknowledged ${ledger.editsAcked.length}, in flight ${ledger.editsInFlight.length}, audited ${ours}; imports ${importOutcome.join(', ')}; ` +
          `kill → first 200 after restart ${ledger.recoverMs.map((m) => `${Math.round(m)} ms`).join(', ')}`,
      );
    } finally {
      await database.close();
    }
  });
});
