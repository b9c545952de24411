// Use-cases of the surveys feature: forms, campaigns, channels, review, tracking and indices.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database';
import { type SurveyForm, likertQuestions, loadSurveyConfig, optionValues, sampleSize } from '../../domain/survey';
import { AppError } from '../../errors';
import { SurveyFormError, surveyFormFrom } from '../../formats/survey-form.format';
import { recordAudit } from '../audit/audit.repository';
import { type Actor, canAccess, requireAccess, unitScope } from '../identity/access';
import { Permission } from '../identity/permissions';
import type { z } from 'zod';
import * as repo from './surveys.repository';
import { type Channel, type LiveCampaign, assertAccepting, invalidateCampaign, liveCampaign, storeResponse } from './surveys.live';
import { checkSubmissionRate } from './surveys.limits';
import { dossierVolumes } from './surveys.onestop';
import { campaignResults } from './surveys.results';
import type { CampaignInput, PublicSubmission, StaffResponse } from './surveys.schemas';

export type FormKind = 'sipas' | 'sociological' | 'other';

/** SIPAS when likert items carry elements; sociological when choice items use the A–D conversion letters. */
export function formKind(form: SurveyForm): FormKind {
  if (likertQuestions(form).some((q) => q.element)) return 'sipas';
  const letters = loadSurveyConfig().answerPercent;
  if (form.questions.some((q) => q.type === 'choice' && optionValues(q).some((v) => v in letters))) return 'sociological';
  return 'other';
}

// ---------- forms

function presentForm(f: { id: number; code: string; version: number; title: string; unit_group: string; definition: unknown; created_at: Date; versions: number }) {
  const form = f.definition as SurveyForm;
  return {
    id: f.id,
    code: f.code,
    version: f.version,
    title: f.title,
    unitGroup: f.unit_group,
    questions: form.questions.length,
    versions: Number(f.versions),
    kind: formKind(form),
    createdAt: new Date(f.created_at).toISOString(),
  };
}

export async function listForms(db: Db, actor: Actor) {
  unitScope(actor, Permission.SurveysRead);
  return (await repo.listForms(db)).map(presentForm);
}

export async function getForm(db: Db, actor: Actor | null, id: number) {
  if (actor) unitScope(actor, Permission.SurveysRead);
  const f = await repo.findForm(db, id);
  if (!f) throw new AppError('not_found', 'Không tìm thấy phiếu khảo sát');
  return { ...presentForm(f), definition: f.definition };
}

/** Saving a form never edits a stored version: responses keep pointing at the version they answered. */
export async function saveForm(db: Db, actor: Actor | null, raw: unknown) {
  if (actor) requireAccess(actor, Permission.SurveysManage);
  let form: SurveyForm;
  try {
    form = surveyFormFrom(raw);
  } catch (err) {
    if (err instanceof SurveyFormError) throw new AppError('validation', `Phiếu khảo sát chưa hợp lệ:\n${err.message}`, { issues: err.issues });
    throw err;
  }
  return db.transaction().execute(async (trx) => {
    const r = await repo.insertFormVersion(trx, { code: form.code, title: form.title, unitGroup: form.unitGroup, definition: form, userId: actor?.userId ?? null });
    await recordAudit(trx, actor, { action: 'survey_form.save', entity: 'survey_form', entityId: r.id, after: { code: form.code, version: r.version } });
    return { id: r.id, code: form.code, version: r.version };
  });
}

// ---------- campaigns

type CampaignRow = NonNullable<Awaited<ReturnType<typeof repo.findCampaign>>>;

function presentCampaign(c: CampaignRow) {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    formId: c.form_id,
    formCode: c.form_code,
    formVersion: c.form_version,
    formTitle: c.form_title,
    kind: formKind(c.definition as SurveyForm),
    periodStart: c.period_start,
    periodEnd: c.period_end,
    channels: c.channels,
    status: c.status,
    units: Number(c.units),
    responses: Number(c.responses),
  };
}

export async function listCampaigns(db: Db, actor: Actor) {
  unitScope(actor, Permission.SurveysRead);
  return (await repo.listCampaigns(db)).map(presentCampaign);
}

async function campaignOr404(db: Db, id: number) {
  const c = await repo.findCampaign(db, id);
  if (!c) throw new AppError('not_found', 'Không tìm thấy đợt khảo sát');
  return c;
}

export async function getCampaign(db: Db, actor: Actor, id: number) {
  const scope = unitScope(actor, Permission.SurveysRead);
  const c = await campaignOr404(db, id);
  const units = await repo.campaignUnits(db, id, scope);
  return {
    ...presentCampaign(c),
    margin: c.margin ?? loadSurveyConfig().defaultMargin,
    unitList: units.map((u) => ({ unitId: u.id, code: u.code, name: u.name, target: u.target, population: u.population })),
    definition: c.definition,
  };
}

export async function createCampaign(db: Db, actor: Actor | null, input: z.output<typeof CampaignInput>) {
  if (actor) requireAccess(actor, Permission.SurveysManage);
  if (input.periodEnd < input.periodStart) throw new AppError('validation', 'Ngày kết thúc phải sau ngày bắt đầu');
  const form = await repo.findForm(db, input.formId);
  if (!form) throw new AppError('validation', 'Không tìm thấy phiếu khảo sát đã chọn');
  const codes = input.units.map((u) => u.unitCode);
  const found = await db.selectFrom('units').select(['id', 'code']).where('code', 'in', codes).execute();
  const idOf = new Map(found.map((u) => [u.code, u.id]));
  const missing = codes.filter((c) => !idOf.has(c));
  if (missing.length) throw new AppError('validation', `Không tìm thấy đơn vị: ${missing.slice(0, 10).join(', ')}`);
  if (new Set(codes).size !== codes.length) throw new AppError('validation', 'Một đơn vị được chọn hai lần');
  const margin = input.margin ?? loadSurveyConfig().defaultMargin;
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('survey_campaigns').select('id').where('code', '=', input.code).executeTakeFirst();
    if (exists) throw new AppError('conflict', `Mã đợt khảo sát "${input.code}" đã được dùng`);
    const c = await trx
      .insertInto('survey_campaigns')
      .values({
        code: input.code,
        name: input.name,
        form_id: input.formId,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        channels: input.channels,
        margin,
        created_by: actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('survey_campaign_units')
      .values(
        input.units.map((u) => ({
          campaign_id: c.id,
          unit_id: idOf.get(u.unitCode)!,
          // with a typed population and no target, the target is the classic sample size
          target: u.target ?? (u.population ? sampleSize(u.population, margin) : 0),
          population: u.population ?? null,
        })),
      )
      .execute();
    await recordAudit(trx, actor, { action: 'survey_campaign.create', entity: 'survey_campaign', entityId: c.id, after: { code: input.code, units: codes.length } });
    invalidateCampaign(input.code);
    return { id: c.id };
  });
}

export async function setCampaignStatus(db: Db, actor: Actor, id: number, status: 'draft' | 'open' | 'closed') {
  requireAccess(actor, Permission.SurveysManage);
  const c = await campaignOr404(db, id);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('survey_campaigns').set({ status }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'survey_campaign.status', entity: 'survey_campaign', entityId: id, before: { status: c.status }, after: { status } });
  });
  invalidateCampaign(c.code);
  return { status };
}

/** Targets and typed populations per unit (the planner's output, or the office's own numbers). */
export async function setTargets(db: Db, actor: Actor, id: number, rows: { unitCode: string; target: number; population?: number | null }[]) {
  requireAccess(actor, Permission.SurveysManage);
  const c = await campaignOr404(db, id);
  const units = await repo.campaignUnits(db, id);
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  const missing = rows.filter((r) => !idOf.has(r.unitCode)).map((r) => r.unitCode);
  if (missing.length) throw new AppError('validation', `Đơn vị không thuộc đợt khảo sát: ${missing.join(', ')}`);
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      await trx
        .updateTable('survey_campaign_units')
        .set({ target: r.target, ...(r.population !== undefined ? { population: r.population } : {}) })
        .where('campaign_id', '=', id)
        .where('unit_id', '=', idOf.get(r.unitCode)!)
        .execute();
    }
    await recordAudit(trx, actor, { action: 'survey_campaign.targets', entity: 'survey_campaign', entityId: id, after: { rows: rows.length } });
  });
  invalidateCampaign(c.code);
  return { updated: rows.length };
}

/** n = ⌈N ÷ (1 + N·e²)⌉ per unit, N from the unit's dossiers in the period when one-stop data exists, else the typed N. */
export async function samplePlan(db: Db, actor: Actor, id: number, marginOverride?: number) {
  const scope = unitScope(actor, Permission.SurveysRead);
  const c = await campaignOr404(db, id);
  const margin = marginOverride ?? c.margin ?? loadSurveyConfig().defaultMargin;
  const units = await repo.campaignUnits(db, id, scope);
  const volumes = await dossierVolumes(db, units.map((u) => u.id), c.period_start, c.period_end);
  const received = new Map<number, number>();
  for (const v of volumes ?? []) received.set(v.unitId, (received.get(v.unitId) ?? 0) + v.received);
  return {
    margin,
    source: volumes ? ('dossiers' as const) : ('typed' as const),
    units: units.map((u) => {
      const fromDossiers = received.get(u.id);
      const N = volumes && fromDossiers ? fromDossiers : u.population;
      return { unitId: u.id, code: u.code, name: u.name, population: N ?? null, populationSource: volumes && fromDossiers ? 'dossiers' : u.population ? 'typed' : null, sampleSize: N ? sampleSize(N, margin) : null, target: u.target };
    }),
  };
}

// ---------- tokens (one per dossier receipt)

// Crockford base32 without look-alike letters: read aloud or typed from a receipt without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newToken(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 32];
  return out;
}

export async function issueTokens(db: Db, actor: Actor | null, id: number, unitCode: string, dossierCodes: string[]) {
  if (actor) requireAccess(actor, Permission.SurveysManage);
  const units = await repo.campaignUnits(db, id);
  const unit = units.find((u) => u.code === unitCode);
  if (!unit) throw new AppError('validation', `Đơn vị "${unitCode}" không thuộc đợt khảo sát`);
  const out: { dossierCode: string; token: string }[] = [];
  for (const d of dossierCodes) {
    // the same dossier always gets the same token: reprinting a receipt does not open a second response
    const row = await db
      .insertInto('survey_tokens')
      .values({ token: newToken(), campaign_id: id, unit_id: unit.id, dossier_code: d })
      .onConflict((oc) => oc.columns(['campaign_id', 'dossier_code']).where('dossier_code', 'is not', null).doUpdateSet({ dossier_code: d }))
      .returning(['token'])
      .executeTakeFirstOrThrow();
    out.push({ dossierCode: d, token: row.token });
  }
  return out;
}

// ---------- public channels

export async function publicCampaign(db: Db, code: string) {
  const c = await liveCampaign(db, code);
  if (!c || c.status === 'draft') throw new AppError('not_found', 'Không tìm thấy đợt khảo sát');
  return presentPublic(c);
}

function presentPublic(c: LiveCampaign, unitCode?: string) {
  return {
    code: c.code,
    name: c.name,
    status: c.status,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    channels: [...c.channels],
    form: c.form,
    units: [...c.units].map(([code, u]) => ({ code, name: u.name })),
    unit: unitCode ?? null,
    honeypotField: loadSurveyConfig().honeypotField,
  };
}

export async function publicToken(db: Db, token: string) {
  const t = await db
    .selectFrom('survey_tokens as t')
    .innerJoin('survey_campaigns as c', 'c.id', 't.campaign_id')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .leftJoin('survey_responses as r', 'r.token', 't.token')
    .select(['c.code', 'u.code as unit_code', 'r.id as response_id'])
    .where('t.token', '=', token.toUpperCase())
    .executeTakeFirst();
  if (!t) throw new AppError('not_found', 'Mã khảo sát không đúng. Vui lòng kiểm tra lại mã in trên phiếu hẹn.');
  const c = await liveCampaign(db, t.code);
  if (!c) throw new AppError('not_found', 'Không tìm thấy đợt khảo sát');
  return { ...presentPublic(c, t.unit_code), used: t.response_id !== null };
}

export async function submitPublic(db: Db, input: z.output<typeof PublicSubmission>, address: string) {
  checkSubmissionRate(address, input.device);
  const c = await liveCampaign(db, input.campaign);
  if (!c) throw new AppError('not_found', 'Không tìm thấy đợt khảo sát');
  assertAccepting(c, input.channel);
  let unitId: number | null = null;
  if (!input.token) {
    const u = input.unit ? c.units.get(input.unit) : undefined;
    if (!u) throw new AppError('validation', input.unit ? `Đơn vị "${input.unit}" không thuộc đợt khảo sát` : 'Vui lòng chọn đơn vị được đánh giá');
    unitId = u.id;
  }
  const r = await storeResponse(db, {
    campaign: c,
    unitId,
    channel: input.channel,
    clientId: input.clientId,
    token: input.token?.toUpperCase(),
    dossierCode: input.token ? undefined : input.dossierCode,
    startedAt: input.startedAt ? new Date(input.startedAt) : null,
    answers: input.answers,
    hidden: input.hidden,
    device: input.device,
    enforceRequired: true,
  });
  return { status: r.status, id: r.id };
}

/** Paper forms typed by staff and interviews synced from devices: the same checks, the actor's unit rights. */
async function storeStaff(db: Db, actor: Actor, item: z.output<typeof StaffResponse>, channel: Channel, permission: Permission, device?: string) {
  const c = await liveCampaign(db, item.campaign);
  if (!c) throw new AppError('not_found', `Không tìm thấy đợt khảo sát "${item.campaign}"`);
  assertAccepting(c, channel, { staff: true });
  if (!c.channels.has(channel)) throw new AppError('conflict', 'Đợt khảo sát không nhận phiếu qua kênh này');
  const u = c.units.get(item.unit);
  if (!u) throw new AppError('validation', `Đơn vị "${item.unit}" không thuộc đợt khảo sát`);
  if (!canAccess(actor, permission, u.id)) throw new AppError('forbidden', `Bạn không được nhập phiếu cho đơn vị ${item.unit}`);
  return storeResponse(db, {
    campaign: c,
    unitId: u.id,
    channel,
    clientId: item.clientId,
    dossierCode: item.dossierCode,
    submittedAt: item.submittedAt ? new Date(item.submittedAt) : undefined,
    startedAt: item.startedAt ? new Date(item.startedAt) : null,
    answers: item.answers,
    device,
    enteredBy: actor.userId,
    enforceRequired: channel !== 'paper',
  });
}

export async function enterPaper(db: Db, actor: Actor, item: z.output<typeof StaffResponse>) {
  const r = await storeStaff(db, actor, item, 'paper', Permission.SurveysManage);
  return { status: r.status, id: r.id };
}

/**
 * A batch from an interviewer's device. Each response is settled on its own so one bad form does not block
 * the rest; the device forgets what was stored, duplicate or rejected, and keeps the rest for the next try.
 */
export async function syncInterviews(db: Db, actor: Actor, body: { device?: string; responses: z.output<typeof StaffResponse>[] }) {
  unitScope(actor, Permission.SurveysInterview);
  const results: { clientId: string; status: 'stored' | 'duplicate' | 'rejected'; id?: number; message?: string }[] = [];
  for (const item of body.responses) {
    try {
      const r = await storeStaff(db, actor, item, 'interviewer', Permission.SurveysInterview, body.device);
      results.push({ clientId: item.clientId, status: r.status, id: r.id });
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'unavailable') throw err;
      results.push({ clientId: item.clientId, status: 'rejected', message: err.message });
    }
  }
  return { results };
}

/** What an interviewer's device caches for offline work: open campaigns, their forms and the units it may visit. */
export async function interviewerBundle(db: Db, actor: Actor) {
  unitScope(actor, Permission.SurveysInterview);
  const all = (await repo.listCampaigns(db)).filter((c) => c.status === 'open' && c.channels.includes('interviewer'));
  const out = [];
  for (const c of all) {
    const units = (await repo.campaignUnits(db, c.id)).filter((u) => canAccess(actor, Permission.SurveysInterview, u.id));
    if (units.length) out.push({ code: c.code, name: c.name, form: c.definition, units: units.map((u) => ({ code: u.code, name: u.name })) });
  }
  return { campaigns: out, fetchedAt: new Date().toISOString() };
}

// ---------- tracking, review, results

export async function progress(db: Db, actor: Actor, id: number) {
  const scope = unitScope(actor, Permission.SurveysRead);
  const c = await campaignOr404(db, id);
  const units = await repo.campaignUnits(db, id, scope);
  const counts = await repo.progressCounts(db, id);
  const volumes = await dossierVolumes(db, units.map((u) => u.id), c.period_start, c.period_end);
  const rows = units.map((u) => {
    const mine = counts.filter((x) => x.unit_id === u.id);
    const byChannel: Record<string, number> = {};
    for (const m of mine) byChannel[m.channel] = m.n;
    const responses = mine.reduce((s, m) => s + m.n, 0);
    const returned = volumes ? volumes.filter((v) => v.unitId === u.id).reduce((s, v) => s + v.returned, 0) : null;
    return {
      unitId: u.id,
      code: u.code,
      name: u.name,
      target: u.target,
      responses,
      pending: mine.reduce((s, m) => s + m.pending, 0),
      rejected: mine.reduce((s, m) => s + m.rejected, 0),
      byChannel,
      dossiersReturned: returned,
      // responses per returned dossier, as a percentage
      responseRate: returned ? Math.round((responses / returned) * 10000) / 100 : null,
    };
  });
  const total = (k: 'responses' | 'target' | 'pending') => rows.reduce((s, r) => s + r[k], 0);
  return { at: new Date().toISOString(), onestop: volumes !== null, totals: { responses: total('responses'), target: total('target'), pending: total('pending') }, units: rows };
}

export async function reviewQueue(db: Db, actor: Actor, id: number, status: 'pending' | 'accepted' | 'rejected') {
  requireAccess(actor, Permission.SurveysManage);
  await campaignOr404(db, id);
  const rows = await repo.responsesForReview(db, id, status, 200);
  return rows.map((r) => ({
    id: r.id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    channel: r.channel,
    submittedAt: new Date(r.submitted_at).toISOString(),
    seconds: r.started_at ? Math.round((new Date(r.submitted_at).getTime() - new Date(r.started_at).getTime()) / 1000) : null,
    flags: r.flags,
    review: r.review,
    dossierCode: r.dossier_code,
    answers: r.answers,
  }));
}

/** A person decides on a flagged response; only then does it count (or stay out for good). */
export async function reviewResponse(db: Db, actor: Actor, responseId: number, decision: 'accepted' | 'rejected') {
  requireAccess(actor, Permission.SurveysManage);
  return db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('survey_responses').select(['id', 'review', 'unit_id', 'flags']).where('id', '=', responseId).forUpdate().executeTakeFirst();
    if (!r) throw new AppError('not_found', 'Không tìm thấy phiếu trả lời');
    if (r.review === 'ok') throw new AppError('conflict', 'Phiếu này không bị gắn cờ, không cần xét duyệt');
    await trx.updateTable('survey_responses').set({ review: decision, reviewed_by: actor.userId, reviewed_at: new Date() }).where('id', '=', responseId).execute();
    await recordAudit(trx, actor, { action: 'survey_response.review', entity: 'survey_response', entityId: responseId, unitId: r.unit_id, before: { review: r.review, flags: r.flags }, after: { review: decision } });
    return { id: responseId, review: decision };
  });
}

export async function results(db: Db, actor: Actor, id: number) {
  const scope = unitScope(actor, Permission.SurveysRead);
  const c = await campaignOr404(db, id);
  const allUnits = await repo.campaignUnits(db, id);
  // ranks are computed over every unit of the campaign; a unit-bound reader then sees its own rows
  const res = await campaignResults(db, { id, form: c.definition as SurveyForm, periodStart: c.period_start, periodEnd: c.period_end }, allUnits);
  const visible = (unitId: number) => scope === 'all' || scope.has(unitId);
  const codes = new Set(allUnits.filter((u) => visible(u.id)).map((u) => u.code));
  return {
    campaign: presentCampaign(c),
    ...res,
    units: res.units.filter((u) => visible(u.unitId)),
    sociological: res.sociological.filter((s) => codes.has(s.unitCode)),
    pending: (await repo.progressCounts(db, id)).reduce((s, x) => s + x.pending, 0),
  };
}

export { campaignOr404 };
