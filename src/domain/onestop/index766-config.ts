// Shape of methodology/config/index-766.json: groups → indicators, each scored from one input rate.
import { z } from 'zod';

const formula = z.discriminatedUnion('type', [
  /** points × rate ÷ 100 */
  z.object({ type: z.literal('linear'), ifNoData: z.enum(['zero', 'full']).default('zero') }),
  /** highest matching minPercent wins (as framework "ratio" rules) */
  z.object({
    type: z.literal('thresholds'),
    thresholds: z.array(z.object({ minPercent: z.number(), points: z.number().min(0) })).min(1),
    ifNoData: z.enum(['zero', 'full']).default('zero'),
  }),
]);

const indicator = z.object({
  code: z.string().min(1),
  title: z.string(),
  points: z.number().positive(),
  input: z.string().min(1),
  formula,
  confirmed: z.boolean(),
  pointsConfirmed: z.boolean().default(false),
  note: z.string().optional(),
});

const group = z.object({
  code: z.string().min(1),
  title: z.string(),
  maxPoints: z.number().positive(),
  confirmed: z.boolean(),
  indicators: z.array(indicator).min(1),
});

const schema = z.object({
  code: z.string(),
  name: z.string(),
  source: z.string(),
  totalPoints: z.number().positive(),
  groups: z.array(group).min(1),
});

export type Index766Config = z.infer<typeof schema>;
export type Index766Group = z.infer<typeof group>;
export type Index766Indicator = z.infer<typeof indicator>;

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** Validates the JSON and that points add up: indicators to their group, groups to the total. */
export function parseIndex766Config(json: unknown): Index766Config {
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Cấu hình chỉ số 766 không hợp lệ tại "${i.path.join('.')}": ${i.message}`);
  }
  const c = r.data;
  const seen = new Set<string>();
  for (const g of c.groups) {
    const sum = g.indicators.reduce((s, i) => s + i.points, 0);
    if (!close(sum, g.maxPoints)) throw new Error(`Nhóm ${g.code}: tổng điểm các chỉ tiêu ${sum} khác điểm tối đa ${g.maxPoints}`);
    for (const i of g.indicators) {
      if (seen.has(i.code)) throw new Error(`Chỉ tiêu ${i.code} khai hai lần`);
      seen.add(i.code);
      if (i.formula.type === 'thresholds' && i.formula.thresholds.some((t) => t.points > i.points)) {
        throw new Error(`Chỉ tiêu ${i.code}: một mức điểm vượt ${i.points}`);
      }
    }
  }
  const total = c.groups.reduce((s, g) => s + g.maxPoints, 0);
  if (!close(total, c.totalPoints)) throw new Error(`Tổng điểm các nhóm ${total} khác ${c.totalPoints}`);
  return c;
}
