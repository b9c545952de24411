// Demo data of the surveys feature: the shipped forms (methodology/forms/*), a SIPAS campaign over ten
// communes of the demo province with responses from every channel, and a sociological campaign in which
// People's Council delegates rate departments. Responses are generated from a fixed seed, so the demo is the same every time.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../../app-context';
import { type SurveyForm, answerCodes, likertQuestions, optionValues } from '../../domain/survey';
import * as service from './surveys.service';
import { histogram, elementMap, invalidateCampaign } from './surveys.live';

const formsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../methodology/forms');

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedSurveysDemo(ctx: AppContext): Promise<void> {
  const ids = new Map<string, number>();
  for (const f of (await readdir(formsDir)).filter((x) => x.endsWith('.json')).sort()) {
    const r = await service.saveForm(ctx.db, null, JSON.parse(await readFile(path.join(formsDir, f), 'utf8')));
    ids.set(r.code, r.id);
  }
  const year = new Date().getUTCFullYear();
  const communes = Array.from({ length: 10 }, (_, i) => `HL-X${String(i + 1).padStart(3, '0')}`);
  const random = rng(2026);
  const sipasId = ids.get('SIPAS-2025');
  if (sipasId) {
    const { id } = await service.createCampaign(ctx.db, null, {
      code: `SIPAS-${year}`,
      name: `Khảo sát sự hài lòng tại Bộ phận Một cửa cấp xã năm ${year}`,
      formId: sipasId,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      channels: ['qr', 'kiosk', 'web', 'interviewer', 'paper'],
      units: communes.map((unitCode, i) => ({ unitCode, population: 300 + i * 90 })),
    });
    const form = (await service.getForm(ctx.db, null, sipasId)).definition as SurveyForm;
    await seedResponses(ctx, id, form, communes, random);
  }
  const xhhId = ids.get('XHH-SO-2025');
  if (xhhId) {
    const depts = ['HL-SNV', 'HL-STP', 'HL-STC', 'HL-SXD', 'HL-SYT'];
    const existing = (await ctx.db.selectFrom('units').select('code').where('code', 'in', depts).execute()).map((u) => u.code);
    const { id } = await service.createCampaign(ctx.db, null, {
      code: `XHH-SO-${year}`,
      name: `Điều tra xã hội học: đại biểu HĐND đánh giá các sở năm ${year}`,
      formId: xhhId,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      channels: ['paper', 'interviewer', 'web'],
      units: existing.map((unitCode) => ({ unitCode, target: 20 })),
    });
    const form = (await service.getForm(ctx.db, null, xhhId)).definition as SurveyForm;
    await seedResponses(ctx, id, form, existing, random);
  }
  invalidateCampaign();
}

const CHANNEL_MIX = ['qr', 'qr', 'kiosk', 'kiosk', 'web', 'interviewer', 'paper'] as const;

async function seedResponses(ctx: AppContext, campaignId: number, form: SurveyForm, unitCodes: string[], random: () => number) {
  const units = await ctx.db.selectFrom('units').select(['id', 'code']).where('code', 'in', unitCodes).execute();
  const elementOf = elementMap(form);
  const likert = new Set(likertQuestions(form).map((q) => q.code));
  const year = new Date().getUTCFullYear();
  const rows = [];
  for (const [ui, u] of units.entries()) {
    // units differ in mood and in how many people answered (some stay under the ranking minimum)
    const mood = 0.55 + (ui % 5) * 0.08;
    const n = 12 + Math.floor(random() * 50);
    for (let k = 0; k < n; k++) {
      const answers: Record<string, unknown> = {};
      for (const q of form.questions) {
        if (q.showIf) continue;
        if (q.type === 'choice') {
          const opts = optionValues(q);
          answers[q.code] = opts[Math.min(opts.length - 1, Math.floor(random() * random() * opts.length * (1.4 - mood)))];
        }
      }
      for (const c of answerCodes(form)) {
        if (!likert.has(c)) continue;
        const r = random();
        answers[c] = r < mood * 0.5 ? 5 : r < mood ? 4 : r < mood + 0.2 ? 3 : r < mood + 0.3 ? 2 : 1;
      }
      const month = 1 + Math.floor(random() * Math.max(1, new Date().getUTCMonth() + 1));
      const day = 1 + Math.floor(random() * 27);
      const submittedAt = new Date(Date.UTC(year, month - 1, day, 1 + Math.floor(random() * 8)));
      const started = new Date(submittedAt.getTime() - (20 + Math.floor(random() * 400)) * 1000);
      const tooFast = started.getTime() > submittedAt.getTime() - 60_000;
      rows.push({
        client_id: `demo-${campaignId}-${u.code}-${k}`,
        campaign_id: campaignId,
        unit_id: u.id,
        channel: CHANNEL_MIX[Math.floor(random() * CHANNEL_MIX.length)],
        submitted_at: submittedAt,
        started_at: started,
        answers: JSON.stringify(answers),
        hist: histogram(elementOf, answers),
        flags: tooFast ? ['too_fast'] : [],
        review: tooFast ? ('pending' as const) : ('ok' as const),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await ctx.db.insertInto('survey_responses').values(rows.slice(i, i + 500)).execute();
}


