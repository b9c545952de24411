// Demo data of the assessment feature (sample content, deterministic): the shipped frameworks, a 2024 cycle
// on the pre-merger units, a finalized 2025 cycle on the current units, and an open 2026 cycle.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../../app-context';
import { flattenLeaves } from '../../domain/framework/tree';
import type { Framework, LeafItem } from '../../domain/framework/types';
import { recordAudit } from '../audit/audit.repository';
import { cloneFramework, getFramework, importFramework } from '../frameworks/frameworks.service';
import * as repo from './assessments.repository';
import { nowOf } from './clock';
import { createCycle } from './cycles.service';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DAY = 86_400_000;

/** mulberry32: small, fast, and the same numbers on every machine. */
function rng(seed: string) {
  let a = 0;
  for (const ch of seed) a = (Math.imul(a ^ ch.charCodeAt(0), 2654435761) + 0x9e3779b9) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plausible declaration for a leaf, better for a unit of higher `q` (0..1). */
function draw(leaf: LeafItem, q: number, r: () => number): { value: string | null; points: number | null; na: boolean } {
  if (leaf.allowNotApplicable && r() < 0.05) return { value: null, points: null, na: true };
  const rule = leaf.rule;
  const good = () => r() < q;
  const pct = () => Math.round(Math.min(100, 50 + 50 * q + (r() - 0.5) * 30) * 10) / 10;
  switch (rule.type) {
    case 'binary':
      return { value: good() || good() ? 'yes' : 'no', points: null, na: false };
    case 'tiered': {
      const sorted = [...rule.levels].sort((a, b) => b.points - a.points);
      const i = Math.min(sorted.length - 1, Math.floor((1 - q) * sorted.length * r() * 1.6));
      return { value: sorted[i].label, points: null, na: false };
    }
    case 'ratio':
    case 'data':
    case 'survey':
      return { value: String(pct()), points: null, na: false };
    case 'count': {
      const full = Math.ceil(leaf.maxPoints / rule.pointsEach);
      return { value: String(Math.round(full * (0.4 + 0.6 * q * r() + 0.3 * q))), points: null, na: false };
    }
    case 'deduction':
      return { value: String(r() < 0.75 + 0.2 * q ? 0 : 1), points: null, na: false };
    case 'bonus':
      return rule.pointsEach !== undefined
        ? { value: String(r() < 0.5 ? 0 : 1), points: null, na: false }
        : { value: String(Math.round(leaf.maxPoints * r() * q * 4) / 4), points: null, na: false };
    case 'manual':
      return { value: null, points: Math.min(leaf.maxPoints, Math.round(leaf.maxPoints * (0.5 + 0.5 * q * r()) * 4) / 4), na: false };
  }
}

function scoresFor(units: { unit_id: number; code: string }[], framework: Framework, year: number, withStages: boolean): repo.BulkScore[] {
  const out: repo.BulkScore[] = [];
  const leaves = flattenLeaves(framework).map((l) => l.leaf);
  for (const u of units) {
    const r = rng(`${year}:${u.code}`);
    const q = 0.45 + 0.55 * r();
    for (const leaf of leaves) {
      const fed = leaf.rule.type === 'data' || leaf.rule.type === 'survey';
      const d = draw(leaf, q, r);
      if (fed) {
        // a drawn N/A stays N/A (e.g. no late dossier, so no apology rate): forcing na=false left an empty row
        out.push({ unit_id: u.unit_id, item_code: leaf.code, stage: 'final', ...d, note: 'Dữ liệu mẫu (minh họa nguồn một cửa / khảo sát)' });
        continue;
      }
      if (!withStages) {
        out.push({ unit_id: u.unit_id, item_code: leaf.code, stage: 'final', ...d, note: null });
        continue;
      }
      out.push({ unit_id: u.unit_id, item_code: leaf.code, stage: 'self', ...d, note: null });
      // about one leaf in ten is adjusted down at appraisal, the way councils do
      const adjusted = !d.na && r() < 0.1 ? draw(leaf, q * 0.6, r) : d;
      if (adjusted !== d) out.push({ unit_id: u.unit_id, item_code: leaf.code, stage: 'appraised', ...adjusted, note: 'Minh chứng chưa đầy đủ (dữ liệu mẫu)' });
      out.push({ unit_id: u.unit_id, item_code: leaf.code, stage: 'final', ...adjusted, note: null });
    }
  }
  return out;
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 10, 0, 0));
function yearTimeline(year: number): repo.Timeline {
  return {
    selfOpensAt: iso(year + 1, 1, 5),
    selfClosesAt: iso(year + 1, 1, 31),
    appraisalClosesAt: iso(year + 1, 2, 20),
    explanationOpensAt: iso(year + 1, 2, 21),
    explanationClosesAt: iso(year + 1, 3, 5),
    secondReviewClosesAt: iso(year + 1, 3, 15),
    publicationAt: iso(year + 1, 3, 25),
  };
}

async function finalizedCycle(ctx: AppContext, name: string, year: number, frameworks: { unitGroup: string; frameworkId: number }[], publish: boolean) {
  const id = await createCycle(ctx, null, { name, year, allowNewEvidenceInExplanation: false, frameworks, timeline: yearTimeline(year) }, { isDemo: true });
  const t = yearTimeline(year);
  await repo.markAllSubmitted(ctx.db, id, t.selfClosesAt);
  const units = await repo.listCycleUnits(ctx.db, id);
  const rows: repo.BulkScore[] = [];
  for (const f of frameworks) {
    const fw = (await getFramework(ctx.db, null, f.frameworkId)).tree as Framework;
    rows.push(...scoresFor(units.filter((u) => u.framework_id === f.frameworkId), fw, year, year >= 2025));
  }
  await repo.bulkInsertScores(ctx.db, id, rows);
  await repo.setCycleState(ctx.db, id, 'finalized', { releasedAt: t.explanationOpensAt, lockedAt: t.secondReviewClosesAt });
  if (publish) await repo.setCycleState(ctx.db, id, 'published', { publishedAt: t.publicationAt });
  await recordAudit(ctx.db, null, { action: 'demo.seed', entity: 'cycle', entityId: id, after: { name, year, units: units.length, scores: rows.length } });
  return id;
}

export async function seedAssessmentDemo(ctx: AppContext): Promise<void> {
  const dir = path.join(root, 'methodology/frameworks');
  const load = async (file: string) => importFramework(ctx.db, null, await readFile(path.join(dir, file)), { status: 'published', isDemo: true });
  const so2025 = await load('demo-department-2025.json');
  const xa2025 = await load('demo-commune-2025.json');
  await load('par-province-2948.json');
  const clone = (id: number, code: string, year: number) => cloneFramework(ctx.db, null, id, { code, year }, { status: 'published', isDemo: true });
  const so2024 = await clone(so2025, 'DEMO-SO-2024', 2024);
  const xa2024 = await clone(xa2025, 'DEMO-XA-2024', 2024);
  const so2026 = await clone(so2025, 'DEMO-SO-2026', 2026);
  const xa2026 = await clone(xa2025, 'DEMO-XA-2026', 2026);

  await finalizedCycle(ctx, 'Chỉ số CCHC năm 2024 (trước sáp nhập, dữ liệu mẫu)', 2024, [
    { unitGroup: 'department', frameworkId: so2024 },
    { unitGroup: 'commune', frameworkId: xa2024 },
  ], true);
  await finalizedCycle(ctx, 'Chỉ số CCHC năm 2025 (dữ liệu mẫu)', 2025, [
    { unitGroup: 'department', frameworkId: so2025 },
    { unitGroup: 'commune', frameworkId: xa2025 },
  ], false);

  // The open cycle: self-assessment runs from three weeks ago to six weeks ahead, so the demo is usable now.
  const now = nowOf(ctx).getTime();
  const open = await createCycle(
    ctx,
    null,
    {
      name: 'Chỉ số CCHC năm 2026 (dữ liệu mẫu)',
      year: 2026,
      allowNewEvidenceInExplanation: true,
      frameworks: [
        { unitGroup: 'department', frameworkId: so2026 },
        { unitGroup: 'commune', frameworkId: xa2026 },
      ],
      timeline: {
        selfOpensAt: new Date(now - 21 * DAY),
        selfClosesAt: new Date(now + 42 * DAY),
        appraisalClosesAt: new Date(now + 60 * DAY),
        explanationOpensAt: new Date(now + 61 * DAY),
        explanationClosesAt: new Date(now + 70 * DAY),
        secondReviewClosesAt: new Date(now + 80 * DAY),
        publicationAt: new Date(now + 90 * DAY),
      },
    },
    { isDemo: true },
  );
  await repo.setCycleState(ctx.db, open, 'self_assessment');
}
