// The anchor of the public submission benchmark: a bare Fastify endpoint that validates the body with the
// same zod schema (PublicSubmission) and inserts the same survey_responses row with pg (pool of 10, as the
// server) — no campaign checks, no integrity flags, no answer validation against the form.
// Env: PORT, DATABASE_URL, CAMPAIGN (code of an existing campaign).
import Fastify from 'fastify';
import pg from 'pg';
import { PublicSubmission } from '../../src/modules/surveys/surveys.schemas';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const c = (
  await pool.query<{ id: string; definition: { questions: { code: string; type: string; element?: number; rows?: { code: string; element?: number }[] }[] } }>(
    `select c.id, f.definition from survey_campaigns c join survey_forms f on f.id = c.form_id where c.code = $1`,
    [process.env.CAMPAIGN],
  )
).rows[0];
if (!c) throw new Error(`campaign ${process.env.CAMPAIGN} not found`);
const units = new Map(
  (await pool.query<{ code: string; id: string }>(`select u.code, u.id from survey_campaign_units cu join units u on u.id = cu.unit_id where cu.campaign_id = $1`, [c.id])).rows.map((u) => [u.code, u.id]),
);
const elementOf = new Map<string, number>();
for (const q of c.definition.questions) {
  if (q.type === 'likert5' && q.element) elementOf.set(q.code, q.element);
  if (q.type === 'matrix') for (const r of q.rows ?? []) if (r.element ?? q.element) elementOf.set(r.code, (r.element ?? q.element) as number);
}

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/api/public/surveys/responses', async (req, reply) => {
  const parsed = PublicSubmission.safeParse(req.body);
  if (!parsed.success) return reply.code(400).send({ error: 'validation' });
  const b = parsed.data;
  const unitId = b.unit ? units.get(b.unit) : undefined;
  if (!unitId) return reply.code(400).send({ error: 'unit' });
  const hist = new Array<number>(25).fill(0);
  for (const [code, e] of elementOf) {
    const a = b.answers[code];
    if (typeof a === 'number' && a >= 1 && a <= 5) hist[(e - 1) * 5 + (a - 1)]++;
  }
  const r = await pool.query<{ id: string }>(
    `insert into survey_responses (client_id, campaign_id, unit_id, channel, submitted_at, started_at, answers, hist, flags, review, dossier_code, device, entered_by)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::smallint[], '{}', 'ok', $9, $10, null)
     on conflict (client_id) do nothing returning id`,
    [b.clientId ?? crypto.randomUUID(), c.id, unitId, b.channel, new Date(), b.startedAt ?? null, JSON.stringify(b.answers), `{${hist.join(',')}}`, b.dossierCode ?? null, b.device ?? null],
  );
  return { status: r.rows.length ? 'stored' : 'duplicate', id: Number(r.rows[0]?.id ?? 0) };
});
app.get('/api/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 3998), host: '127.0.0.1' });
