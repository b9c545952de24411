// The hot path of every channel: a campaign cached in memory with its form and units, the domain's answer
// validation and integrity flags, then exactly one INSERT. Uniqueness (device id, dossier code, one-time
// token) is enforced by the database, so concurrent or replayed submissions can never count twice.
import { randomUUID } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type { Db } from '../../db/database';
import {
  type IntegrityFlag,
  type RawAnswer,
  type SipasElement,
  type SurveyForm,
  integrityFlags,
  likertQuestions,
  loadSurveyConfig,
  validateAnswers,
} from '../../domain/survey';
import { AppError } from '../../errors';

export type Channel = 'qr' | 'kiosk' | 'web' | 'interviewer' | 'paper';

export interface LiveCampaign {
  id: number;
  code: string;
  name: string;
  status: 'draft' | 'open' | 'closed';
  periodStart: string;
  periodEnd: string;
  channels: ReadonlySet<string>;
  formId: number;
  form: SurveyForm;
  /** likert item code → SIPAS element: what the per-response histogram counts */
  elementOf: ReadonlyMap<string, SipasElement>;
  units: ReadonlyMap<string, { id: number; name: string }>;
  unitIds: ReadonlySet<number>;
  loadedAt: number;
}

// A campaign edited in the back office is invalidated at once; the TTL only bounds staleness if another
// process (a CLI import) changes it.
const TTL_MS = 15_000;
const cache = new Map<string, Promise<LiveCampaign | null>>();
const cachedAt = new Map<string, number>();

export function invalidateCampaign(code?: string): void {
  if (code === undefined) {
    cache.clear();
    cachedAt.clear();
  } else {
    cache.delete(code);
    cachedAt.delete(code);
  }
}

export function liveCampaign(db: Db, code: string): Promise<LiveCampaign | null> {
  const at = cachedAt.get(code);
  const hit = cache.get(code);
  if (hit && at !== undefined && Date.now() - at < TTL_MS) return hit;
  const p = loadCampaign(db, code).catch((err) => {
    cache.delete(code);
    throw err;
  });
  cache.set(code, p);
  cachedAt.set(code, Date.now());
  return p;
}

async function loadCampaign(db: Db, code: string): Promise<LiveCampaign | null> {
  const c = await db
    .selectFrom('survey_campaigns as c')
    .innerJoin('survey_forms as f', 'f.id', 'c.form_id')
    .select(['c.id', 'c.code', 'c.name', 'c.status', 'c.period_start', 'c.period_end', 'c.channels', 'c.form_id', 'f.definition'])
    .where('c.code', '=', code)
    .executeTakeFirst();
  if (!c) return null;
  const units = await db
    .selectFrom('survey_campaign_units as cu')
    .innerJoin('units as u', 'u.id', 'cu.unit_id')
    .select(['u.id', 'u.code', 'u.name'])
    .where('cu.campaign_id', '=', c.id)
    .execute();
  const form = c.definition as SurveyForm;
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    status: c.status,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    channels: new Set(c.channels),
    formId: c.form_id,
    form,
    elementOf: elementMap(form),
    units: new Map(units.map((u) => [u.code, { id: u.id, name: u.name }])),
    unitIds: new Set(units.map((u) => u.id)),
    loadedAt: Date.now(),
  };
}

export function elementMap(form: SurveyForm): Map<string, SipasElement> {
  const m = new Map<string, SipasElement>();
  for (const item of likertQuestions(form)) if (item.element) m.set(item.code, item.element);
  return m;
}

/** Slots per element in the histogram: the answer values of the five-point scale. */
export const SCALE = 5;

/**
 * Likert answers counted per SIPAS element and answer value, stored with the response so indices over a
 * million responses are sums of small integer arrays in SQL; which answers count as "satisfied" is
 * decided at query time from methodology/config/survey.json, never frozen here.
 */
export function histogram(elementOf: ReadonlyMap<string, SipasElement>, answers: Readonly<Record<string, unknown>>): number[] {
  const h = new Array<number>(5 * SCALE).fill(0);
  for (const [code, e] of elementOf) {
    const a = answers[code];
    if (typeof a === 'number' && a >= 1 && a <= SCALE) h[(e - 1) * SCALE + (a - 1)]++;
  }
  return h;
}

const todayVn = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** Refuses a submission to a campaign that is not open today or does not offer the channel. */
export function assertAccepting(c: LiveCampaign, channel: Channel, opts: { staff?: boolean } = {}): void {
  if (c.status === 'draft') throw new AppError('conflict', 'Đợt khảo sát chưa bắt đầu');
  // staff may still enter paper forms and sync interviews collected before the campaign closed
  if (opts.staff) return;
  if (c.status === 'closed') throw new AppError('conflict', 'Đợt khảo sát đã kết thúc. Cảm ơn Ông/Bà đã quan tâm.');
  const today = todayVn();
  if (today < c.periodStart || today > c.periodEnd) throw new AppError('conflict', 'Đợt khảo sát không diễn ra vào thời điểm này');
  if (!c.channels.has(channel)) throw new AppError('conflict', 'Đợt khảo sát không nhận phiếu qua kênh này');
}

export interface StoreInput {
  campaign: LiveCampaign;
  /** resolved unit (null only with a token: the token names the unit) */
  unitId: number | null;
  channel: Channel;
  clientId?: string;
  token?: string;
  dossierCode?: string;
  submittedAt?: Date;
  startedAt?: Date | null;
  answers: Readonly<Record<string, RawAnswer>>;
  hidden?: Readonly<Record<string, string | undefined>>;
  device?: string;
  enteredBy?: number | null;
  /** live forms enforce `required`; paper forms keep what the respondent answered */
  enforceRequired: boolean;
}

export interface StoreResult {
  status: 'stored' | 'duplicate';
  id: number;
  flags: IntegrityFlag[];
}

// the token names the unit and the dossier; INSERT … SELECT keeps this one statement
const INSERT_BY_TOKEN = `
  insert into survey_responses (client_id, campaign_id, unit_id, channel, submitted_at, started_at, answers, hist, flags, review, dossier_code, token, device, entered_by)
  select $1, t.campaign_id, t.unit_id, $2, $3, $4, $5::jsonb, $6::smallint[], $7::text[], $8, t.dossier_code, t.token, $9, $10
  from survey_tokens t where t.token = $11 and t.campaign_id = $12
  on conflict (client_id) do nothing
  returning id`;

const INSERT_BY_UNIT = `
  insert into survey_responses (client_id, campaign_id, unit_id, channel, submitted_at, started_at, answers, hist, flags, review, dossier_code, device, entered_by)
  values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::smallint[], $9::text[], $10, $11, $12, $13)
  on conflict (client_id) do nothing
  returning id`;

/** Validates with the domain and stores with one INSERT; a replay of the same device id is accepted idempotently. */
export async function storeResponse(db: Db, input: StoreInput): Promise<StoreResult> {
  const config = loadSurveyConfig();
  const { form } = input.campaign;
  const checked = validateAnswers(form, input.answers, { defaultTextMaxLength: config.defaultTextMaxLength, enforceRequired: input.enforceRequired });
  const errors = checked.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new AppError(
      'validation',
      `Phiếu trả lời chưa hợp lệ: ${errors
        .slice(0, 5)
        .map((e) => `câu ${e.question}: ${e.message}`)
        .join('; ')}`,
      { issues: errors.map((e) => ({ question: e.question, message: e.message })) },
    );
  }
  const submittedAt = input.submittedAt ?? new Date();
  if (submittedAt.getTime() > Date.now() + 10 * 60_000) throw new AppError('validation', 'Thời điểm nộp phiếu ở tương lai');
  const flags = integrityFlags(form, { answers: checked.answers, startedAt: input.startedAt ?? null, submittedAt, hiddenFields: input.hidden }, config);
  const clientId = input.clientId ?? randomUUID();
  const row = {
    clientId,
    answers: JSON.stringify(checked.answers),
    hist: `{${histogram(input.campaign.elementOf, checked.answers).join(',')}}`,
    flags: `{${flags.join(',')}}`,
    review: flags.length > 0 ? 'pending' : 'ok',
  };
  let inserted: { id: number } | undefined;
  try {
    // precompiled statements: the hot path skips building and compiling a query tree per request
    const r = input.token
      ? await db.executeQuery<{ id: number }>(
          CompiledQuery.raw(INSERT_BY_TOKEN, [row.clientId, input.channel, submittedAt, input.startedAt ?? null, row.answers, row.hist, row.flags, row.review, input.device ?? null, input.enteredBy ?? null, input.token, input.campaign.id]),
        )
      : await db.executeQuery<{ id: number }>(
          CompiledQuery.raw(INSERT_BY_UNIT, [row.clientId, input.campaign.id, input.unitId, input.channel, submittedAt, input.startedAt ?? null, row.answers, row.hist, row.flags, row.review, input.dossierCode ?? null, input.device ?? null, input.enteredBy ?? null]),
        );
    inserted = r.rows[0];
  } catch (err) {
    throw uniqueViolation(err, input.token !== undefined) ?? err;
  }
  if (inserted) return { status: 'stored', id: Number(inserted.id), flags };
  // Nothing inserted: either this device id was stored before (a replay), or the token does not exist.
  const prior = await db.selectFrom('survey_responses').select(['id', 'campaign_id']).where('client_id', '=', clientId).executeTakeFirst();
  if (prior && prior.campaign_id === input.campaign.id) return { status: 'duplicate', id: prior.id, flags: [] };
  if (prior) throw new AppError('conflict', 'Mã phiếu trên thiết bị đã được dùng cho một đợt khảo sát khác');
  throw new AppError('not_found', 'Mã khảo sát không đúng hoặc không thuộc đợt khảo sát này');
}

function uniqueViolation(err: unknown, byToken: boolean): AppError | null {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return null;
  const where = `${e.constraint ?? ''} ${e.message ?? ''}`;
  // a token carries its dossier code, so a used token trips the dossier constraint first: the respondent
  // holds a receipt code, tell them about that code
  if (byToken && (where.includes('survey_responses_token_uq') || where.includes('survey_responses_dossier_uq'))) {
    return new AppError('conflict', 'Mã khảo sát trên phiếu hẹn này đã được sử dụng; mỗi hồ sơ chỉ được đánh giá một lần.');
  }
  if (where.includes('survey_responses_dossier_uq')) return new AppError('conflict', 'Hồ sơ này đã được đánh giá trong đợt khảo sát; mỗi hồ sơ chỉ được đánh giá một lần.');
  if (where.includes('survey_responses_token_uq')) return new AppError('conflict', 'Mã khảo sát trên phiếu hẹn này đã được sử dụng; mỗi hồ sơ chỉ được đánh giá một lần.');
  return new AppError('conflict', 'Phiếu trả lời trùng với một phiếu đã lưu');
}
