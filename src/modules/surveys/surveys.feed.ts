// The survey feed of framework leaves of type `survey` (leaf-feeds.ts): a leaf names its source as
// `sipas:overall`, `sipas:1..5` or `sociological:<question>`; the value is the unit's percentage from the
// latest campaign of the cycle's year that measures that source. Importing this file registers the feed.
import type { Db } from '../../db/database';
import { type SurveyForm, loadSurveyConfig, parseSurveySource } from '../../domain/survey';
import { type FeedValue, type LeafFeed, registerLeafFeed } from '../assessments/leaf-feeds';
import * as repo from './surveys.repository';
import { type CampaignResults, campaignResults } from './surveys.results';

type Campaign = Awaited<ReturnType<typeof repo.listCampaigns>>[number];

export const surveyLeafFeed: LeafFeed = {
  kind: 'survey',
  async resolve(db: Db, q: { year: number; unitCodes: string[]; leaves: { itemCode: string; maxPoints: number; rule: Record<string, unknown> }[] }) {
    const out = new Map<string, Map<string, FeedValue>>();
    const wanted = new Set(q.unitCodes);
    const campaigns = (await repo.listCampaigns(db))
      .filter((c) => c.status !== 'draft' && Number(c.period_start.slice(0, 4)) <= q.year && Number(c.period_end.slice(0, 4)) >= q.year)
      .sort((a, b) => (a.period_end < b.period_end ? 1 : a.period_end > b.period_end ? -1 : b.id - a.id));
    const cache = new Map<number, Promise<CampaignResults>>();
    const resultsOf = (c: Campaign) => {
      let p = cache.get(c.id);
      if (!p) {
        p = repo.campaignUnits(db, c.id).then((units) => campaignResults(db, { id: c.id, form: c.definition as SurveyForm, periodStart: c.period_start, periodEnd: c.period_end }, units));
        cache.set(c.id, p);
      }
      return p;
    };
    const minN = loadSurveyConfig().minResponsesForRanking;
    for (const leaf of q.leaves) {
      if (leaf.rule.type !== 'survey' || typeof leaf.rule.source !== 'string') continue;
      const source = parseSurveySource(leaf.rule.source);
      if (!source) continue;
      const campaign = campaigns.find((c) => {
        const form = c.definition as SurveyForm;
        if (source.kind === 'sipas') return form.questions.some((x) => x.element !== undefined || (x.rows ?? []).some((r) => r.element !== undefined));
        return form.questions.some((x) => x.code === source.question);
      });
      if (!campaign) continue;
      const res = await resultsOf(campaign);
      const put = (unitCode: string, value: number, provenance: string) => {
        if (!wanted.has(unitCode)) return;
        let m = out.get(unitCode);
        if (!m) {
          m = new Map();
          out.set(unitCode, m);
        }
        m.set(leaf.itemCode, { value, provenance });
      };
      if (source.kind === 'sipas') {
        for (const u of res.units) {
          const row = u.rows.find((r) => r.element === source.element);
          if (row?.index === null || row?.index === undefined) continue;
          const few = u.responses < minN ? `; dưới ${minN} phiếu, không xếp hạng` : '';
          put(u.code, row.index, `Khảo sát "${campaign.name}" (${campaign.code}): SIPAS ${source.element === 'overall' ? 'chung' : `yếu tố ${source.element}`} = ${row.index} % trên ${u.responses} phiếu hợp lệ${few}`);
        }
      } else {
        for (const u of res.sociological) {
          const item = u.items.find((i) => i.code === source.question);
          if (item?.meanPercent === null || item?.meanPercent === undefined) continue;
          put(u.unitCode, item.meanPercent, `Điều tra xã hội học "${campaign.name}" (${campaign.code}), câu ${item.code}: bình quân ${item.meanPercent} % trên ${item.n} phiếu`);
        }
      }
    }
    return out;
  },
};

registerLeafFeed(surveyLeafFeed);
