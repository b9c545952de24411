// Indices of a campaign. SQL reads the summary cells (counts per unit × channel × month × element × answer,
// kept by triggers on survey_responses); the domain turns counts into shares, Wilson intervals, weighted
// indices and ranks.
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import {
  type ElementCount,
  type SipasElement,
  type SipasRow,
  type SurveyConfig,
  type SurveyForm,
  SIPAS_ELEMENTS,
  SociologicalAccumulator,
  loadSurveyConfig,
  optionValues,
  rankUnitsBySatisfaction,
  round2,
  sipasRows,
  weightedIndex,
} from '../../domain/survey';
import { SCALE, elementMap } from './surveys.live';
import { dossierVolumes, stratumOfChannel } from './surveys.onestop';

/** Responses that count: accepted as they came, or flagged and then accepted by a reviewer. */
export const COUNTED = ['ok', 'accepted'] as const;

const histSums = sql.raw(
  Array.from({ length: 5 * SCALE }, (_, i) => `coalesce(sum(hist[${i + 1}]), 0)::int as h${i + 1}`).join(', '),
);

type HistRow = { n: number } & Record<`h${number}`, number>;

function histOf(row: HistRow): number[] {
  return Array.from({ length: 5 * SCALE }, (_, i) => Number(row[`h${i + 1}`] ?? 0));
}

function addHist(a: number[], b: number[]): number[] {
  return a.map((x, i) => x + b[i]);
}

/** The elements a form measures, and satisfied/valid counts per element from a histogram. */
export function countsFromHist(h: readonly number[], elements: readonly SipasElement[], satisfiedFrom: number): Map<SipasElement, ElementCount> {
  const m = new Map<SipasElement, ElementCount>();
  for (const e of elements) {
    let valid = 0;
    let satisfied = 0;
    for (let a = 1; a <= SCALE; a++) {
      const c = h[(e - 1) * SCALE + (a - 1)];
      valid += c;
      if (a >= satisfiedFrom) satisfied += c;
    }
    m.set(e, { satisfied, valid });
  }
  return m;
}

export function formElements(form: SurveyForm): SipasElement[] {
  const used = new Set(elementMap(form).values());
  return SIPAS_ELEMENTS.filter((e) => used.has(e));
}

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export interface WeightedRow {
  element: SipasElement | 'overall';
  index: number | null;
  nEffective: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface UnitResult {
  unitId: number;
  code: string;
  name: string;
  responses: number;
  rank: number | null;
  belowMinimum: boolean;
  rows: SipasRow[];
  weighted: WeightedRow[] | null;
  byChannel: Record<string, number>;
}

export interface CampaignResults {
  elements: SipasElement[];
  minResponses: number;
  province: { responses: number; rows: SipasRow[] };
  units: UnitResult[];
  weighted: boolean;
  trend: { month: string; responses: number; rows: SipasRow[] }[];
  sociological: { unitCode: string; unitName: string; items: { code: string; text: string; meanPercent: number | null; n: number }[] }[];
}

/**
 * Histogram sums per unit × channel × month of the counted responses, read from the summary cells that the
 * triggers on survey_responses keep (migration 20261201_0301_survey_cells): the unit/channel figures and
 * the monthly trend are both sums of these cells, and a million responses are a few thousand cells.
 */
export async function sipasCounts(db: Db, campaignId: number) {
  const r = await sql<HistRow & { unit_id: number; channel: string; month: string }>`
    select unit_id, channel, to_char(month, 'YYYY-MM') as month, counted as n, ${sql.raw(Array.from({ length: 5 * SCALE }, (_, i) => `h${i + 1}`).join(', '))}
    from survey_cells
    where campaign_id = ${campaignId} and counted <> 0`.execute(db);
  return r.rows.map((x) => ({ unitId: Number(x.unit_id), channel: x.channel, month: x.month, n: Number(x.n), hist: histOf(x) }));
}

/** The same sums straight from the responses: what the cells must always equal (tests compare the two). */
export async function sipasCountsFromResponses(db: Db, campaignId: number) {
  const r = await sql<HistRow & { unit_id: number; channel: string; month: string }>`
    select unit_id, channel, to_char(m, 'YYYY-MM') as month, n, ${sql.raw(Array.from({ length: 5 * SCALE }, (_, i) => `h${i + 1}`).join(', '))}
    from (
      select unit_id, channel, date_trunc('month', submitted_at at time zone 'Asia/Ho_Chi_Minh') as m, count(*)::int as n, ${histSums}
      from survey_responses
      where campaign_id = ${campaignId} and review in ('ok', 'accepted')
      group by 1, 2, 3
    ) cells`.execute(db);
  return r.rows.map((x) => ({ unitId: Number(x.unit_id), channel: x.channel, month: x.month, n: Number(x.n), hist: histOf(x) }));
}

export async function campaignResults(
  db: Db,
  c: { id: number; form: SurveyForm; periodStart: string; periodEnd: string },
  units: readonly UnitRef[],
  config: SurveyConfig = loadSurveyConfig(),
): Promise<CampaignResults> {
  const elements = formElements(c.form);
  const opts = { satisfiedFrom: config.satisfiedFrom, z: config.wilsonZ };
  const cells = await sipasCounts(db, c.id);
  const byUnit = new Map<number, { n: number; hist: number[]; byChannel: Map<string, { n: number; hist: number[] }> }>();
  const byMonth = new Map<string, { n: number; hist: number[] }>();
  const empty = () => new Array<number>(5 * SCALE).fill(0);
  let provinceHist = empty();
  let provinceN = 0;
  for (const r of cells) {
    const u = byUnit.get(r.unitId) ?? { n: 0, hist: empty(), byChannel: new Map() };
    u.n += r.n;
    u.hist = addHist(u.hist, r.hist);
    const ch = u.byChannel.get(r.channel) ?? { n: 0, hist: empty() };
    u.byChannel.set(r.channel, { n: ch.n + r.n, hist: addHist(ch.hist, r.hist) });
    byUnit.set(r.unitId, u);
    const m = byMonth.get(r.month) ?? { n: 0, hist: empty() };
    byMonth.set(r.month, { n: m.n + r.n, hist: addHist(m.hist, r.hist) });
    provinceHist = addHist(provinceHist, r.hist);
    provinceN += r.n;
  }
  const volumes = elements.length > 0 ? await dossierVolumes(db, units.map((u) => u.id), c.periodStart, c.periodEnd) : null;
  const unitResults: UnitResult[] = units.map((u) => {
    const agg = byUnit.get(u.id);
    const counts = countsFromHist(agg?.hist ?? empty(), elements, config.satisfiedFrom);
    return {
      unitId: u.id,
      code: u.code,
      name: u.name,
      responses: agg?.n ?? 0,
      rank: null,
      belowMinimum: true,
      rows: sipasRows(u.code, counts, opts),
      weighted: volumes ? weightedRows(agg?.byChannel, volumes.filter((v) => v.unitId === u.id), elements, config) : null,
      byChannel: Object.fromEntries([...(agg?.byChannel ?? new Map())].map(([ch, x]) => [ch, x.n])),
    };
  });
  const ranks = rankUnitsBySatisfaction(
    unitResults.map((u) => ({ unitCode: u.code, index: u.rows.at(-1)!.index, responses: u.responses })),
    config.minResponsesForRanking,
  );
  const rankOf = new Map(ranks.map((r) => [r.unitCode, r]));
  for (const u of unitResults) {
    u.rank = rankOf.get(u.code)?.rank ?? null;
    u.belowMinimum = rankOf.get(u.code)?.belowMinimum ?? true;
  }
  unitResults.sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const trendRows = elements.length ? [...byMonth].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  return {
    elements,
    minResponses: config.minResponsesForRanking,
    province: { responses: provinceN, rows: sipasRows('', countsFromHist(provinceHist, elements, config.satisfiedFrom), opts) },
    units: unitResults,
    weighted: volumes !== null,
    trend: trendRows.map(([month, t]) => ({ month, responses: t.n, rows: sipasRows('', countsFromHist(t.hist, elements, config.satisfiedFrom), opts) })),
    sociological: await sociologicalResults(db, c, units, config),
  };
}

/** Post-stratified indices (weightedIndex of the domain) with the unit's dossier volume per channel as weights. */
function weightedRows(
  byChannel: Map<string, { n: number; hist: number[] }> | undefined,
  volumes: { channel: string; received: number }[],
  elements: SipasElement[],
  config: SurveyConfig,
): WeightedRow[] {
  const weights: Record<string, number> = {};
  for (const v of volumes) weights[v.channel] = (weights[v.channel] ?? 0) + v.received;
  const out: WeightedRow[] = [];
  const shares: number[] = [];
  for (const e of elements) {
    const strata = [...(byChannel ?? new Map())].map(([channel, x]) => {
      const c = countsFromHist(x.hist, [e], config.satisfiedFrom).get(e)!;
      return { stratum: stratumOfChannel(channel), satisfied: c.satisfied, valid: c.valid };
    });
    const w = weightedIndex(strata, weights, config.wilsonZ);
    if (w.index !== null) shares.push(w.index);
    out.push({ element: e, index: w.index, nEffective: w.nEffective, ciLow: w.ciLow, ciHigh: w.ciHigh });
  }
  // as for the unweighted overall: the mean of the element indices that have answers
  out.push({ element: 'overall', index: shares.length ? round2(shares.reduce((s, x) => s + x, 0) / shares.length) : null, nEffective: null, ciLow: null, ciHigh: null });
  return out;
}

/** Sociological items (A–D answers converted by the configured table), per rated unit. Volumes are small. */
export async function sociologicalResults(db: Db, c: { id: number; form: SurveyForm }, units: readonly UnitRef[], config: SurveyConfig) {
  const acc = new SociologicalAccumulator(c.form, config.answerPercent);
  // the same rule as the accumulator: choice questions answered with letters of the conversion table
  const items = c.form.questions.filter((q) => q.type === 'choice' && optionValues(q).some((v) => v in config.answerPercent));
  if (items.length === 0) return [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const rows = await db
    .selectFrom('survey_responses')
    .select(['unit_id', 'answers'])
    .where('campaign_id', '=', c.id)
    .where('review', 'in', [...COUNTED])
    .execute();
  for (const r of rows) {
    const u = byId.get(r.unit_id);
    if (u) acc.add(u.code, r.answers);
  }
  const res = acc.results();
  return units
    .filter((u) => res.has(u.code))
    .map((u) => ({
      unitCode: u.code,
      unitName: u.name,
      items: items.map((q) => {
        const r = res.get(u.code)!.get(q.code);
        return { code: q.code, text: q.text, meanPercent: r?.meanPercent === null || r === undefined ? null : round2(r.meanPercent), n: r?.n ?? 0 };
      }),
    }));
}
