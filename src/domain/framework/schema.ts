// Structural zod schema of the framework JSON; the methodology checks (sums, ranges, order) are in validate.ts.
import { z } from 'zod';

const threshold = z.strictObject({ minPercent: z.number(), points: z.number() });
const tierLevel = z.strictObject({ label: z.string().trim().min(1), points: z.number() });

// Strict objects: a field that does not belong to the rule type is a mistake in the framework, not extra data.
export const ruleSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('manual') }),
    z.strictObject({ type: z.literal('binary') }),
    z.strictObject({ type: z.literal('tiered'), levels: z.array(tierLevel) }),
    z.strictObject({ type: z.literal('ratio'), thresholds: z.array(threshold).optional(), linear: z.boolean().optional() }),
    z.strictObject({ type: z.literal('count'), pointsEach: z.number() }),
    z.strictObject({ type: z.literal('deduction'), pointsEach: z.number() }),
    z.strictObject({ type: z.literal('bonus'), pointsEach: z.number().optional() }),
    z.strictObject({ type: z.literal('survey'), source: z.string().optional() }),
    z.strictObject({
      type: z.literal('data'),
      indicator: z.string(),
      thresholds: z.array(threshold).optional(),
      linear: z.boolean().optional(),
    }),
  ],
  { error: 'loại quy tắc (rule.type) phải là manual, binary, tiered, ratio, count, deduction, bonus, survey hoặc data' },
);

export interface RawItem {
  code: string;
  title: string;
  maxPoints?: number;
  rule?: z.infer<typeof ruleSchema>;
  evidenceRequired?: boolean;
  allowNotApplicable?: boolean;
  children?: RawItem[];
  [extra: string]: unknown;
}

// Loose objects: extra descriptive fields (guidance, legal basis…) are allowed by formats.md and kept.
export const itemSchema: z.ZodType<RawItem> = z.looseObject({
  code: z.string().trim().min(1, 'mã mục (code) không được để trống'),
  title: z.string().trim().min(1, 'tên mục (title) không được để trống'),
  maxPoints: z.number().optional(),
  rule: ruleSchema.optional(),
  evidenceRequired: z.boolean().optional(),
  allowNotApplicable: z.boolean().optional(),
  get children() {
    return z.array(itemSchema).optional();
  },
});

export const bandSchema = z.strictObject({ label: z.string().trim().min(1), minPercent: z.number() });

export const frameworkSchema = z.looseObject({
  code: z.string().trim().min(1),
  name: z.string().trim().min(1),
  year: z.number().int(),
  unitGroup: z.string().trim().min(1),
  source: z.string().optional(),
  note: z.string().optional(),
  bands: z.array(bandSchema).min(1, 'cần ít nhất một mức xếp loại (bands)'),
  items: z.array(itemSchema).min(1, 'bộ chỉ số chưa có mục nào (items)'),
});
