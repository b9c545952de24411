// How framework leaves of type `data` and `survey` get their points: the one-stop and survey features
// register a feed here; the assessment service asks every feed when it computes results. Until a feed
// answers for a leaf, that leaf is "pending" and the total says how many points are pending.
import type { Db } from '../../db/database';

export interface FeedLeaf {
  itemCode: string;
  maxPoints: number;
  /** The leaf's rule as written in the framework (`{ type: 'data', indicator, thresholds | linear }` or `{ type: 'survey', source }`). */
  rule: Record<string, unknown>;
}

export interface FeedValue {
  /** The measured value the rule turns into points (a percentage for rates and survey indices). */
  value: number;
  /** Where the figure came from, shown next to the points: which import or campaign, how many records, which rule. */
  provenance: string;
}

export interface LeafFeed {
  kind: 'data' | 'survey';
  /** Values per unit code and item code, for the cycle's year (calendar year, Vietnam time). */
  resolve(db: Db, q: { year: number; unitCodes: string[]; leaves: FeedLeaf[] }): Promise<Map<string, Map<string, FeedValue>>>;
}

export const leafFeeds: LeafFeed[] = [];

export function registerLeafFeed(feed: LeafFeed): void {
  leafFeeds.push(feed);
}
