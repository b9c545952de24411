import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true, error: 'thời điểm ISO 8601 có múi giờ, ví dụ 2026-01-15T17:00:00+07:00' }).transform((s) => new Date(s));

export const Timeline = z.strictObject({
  selfOpensAt: isoDate,
  selfClosesAt: isoDate,
  appraisalClosesAt: isoDate,
  explanationOpensAt: isoDate,
  explanationClosesAt: isoDate,
  secondReviewClosesAt: isoDate,
  publicationAt: isoDate,
});

export const CreateCycleBody = z.strictObject({
  name: z.string().trim().min(1).max(300),
  year: z.number().int().min(2000).max(2100),
  allowNewEvidenceInExplanation: z.boolean().default(false),
  frameworks: z.array(z.strictObject({ unitGroup: z.string().min(1).max(32), frameworkId: z.number().int().positive() })).min(1).max(20),
  unitCodes: z.array(z.string().min(1).max(64)).max(5000).optional(),
  timeline: Timeline,
});

export const UpdateCycleBody = z.strictObject({
  name: z.string().trim().min(1).max(300).optional(),
  allowNewEvidenceInExplanation: z.boolean().optional(),
  timeline: Timeline.optional(),
});

export const AdvanceBody = z.strictObject({
  to: z.enum(['self_assessment', 'appraisal', 'explanation', 'second_review', 'finalized', 'published']),
});

const CycleTimelineOut = z.object({
  selfOpensAt: z.string(),
  selfClosesAt: z.string(),
  appraisalClosesAt: z.string(),
  explanationOpensAt: z.string(),
  explanationClosesAt: z.string(),
  secondReviewClosesAt: z.string(),
  publicationAt: z.string(),
});

export const Cycle = z.object({
  id: z.number(),
  name: z.string(),
  year: z.number(),
  state: z.string(),
  stateLabel: z.string(),
  allowNewEvidenceInExplanation: z.boolean(),
  timeline: CycleTimelineOut,
  releasedAt: z.string().nullable(),
  lockedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  locked: z.boolean(),
  isDemo: z.boolean(),
});

export const CycleDetail = Cycle.extend({
  frameworks: z.array(z.object({ unitGroup: z.string(), frameworkId: z.number(), code: z.string(), leafCount: z.number() })),
  unitCount: z.number(),
  submittedCount: z.number(),
});

export const CycleParams = z.strictObject({ id: z.coerce.number().int().positive('phải là số nguyên dương') });
export const UnitParams = z.strictObject({
  id: z.coerce.number().int().positive('phải là số nguyên dương'),
  unitId: z.coerce.number().int().positive('phải là số nguyên dương'),
});
export const LeafParams = UnitParams.extend({ itemCode: z.string().min(1).max(64) });

const declared = {
  value: z.union([z.string().max(200), z.number(), z.boolean()]).nullable().optional(),
  points: z.number().finite().nullable().optional(),
  na: z.boolean().optional(),
};

export const SelfBody = z.strictObject({ ...declared, explanation: z.string().max(10_000).nullable().optional() });
export const AppraiseBody = z.strictObject({ action: z.enum(['confirm', 'adjust']), ...declared, comment: z.string().max(10_000).nullable().optional() });
export const ExplainBody = z.strictObject({ text: z.string().min(1, 'cần nội dung giải trình').max(10_000), ...declared });
export const ReviewBody = z.strictObject({ action: z.enum(['accept', 'keep', 'set']), ...declared, comment: z.string().max(10_000).nullable().optional() });

export const StageOut = z
  .object({ itemCode: z.string(), value: z.string().nullable(), points: z.number().nullable(), na: z.boolean(), note: z.string().nullable(), computedPoints: z.number().nullable() })
  .passthrough();

export const Progress = z.array(
  z.object({
    unitId: z.number(),
    unitCode: z.string(),
    unitName: z.string(),
    group: z.string(),
    status: z.string(),
    submittedAt: z.string().nullable(),
    done: z.number(),
    total: z.number(),
  }),
);

export const FileOut = z.object({ id: z.number(), itemCode: z.string(), stage: z.string(), name: z.string(), mime: z.string(), size: z.number(), uploadedAt: z.string() });


export const WhatIfBody = z.strictObject({
  changes: z.array(z.strictObject({ itemCode: z.string().min(1).max(64), ...declared })).min(1).max(500),
});
export const GapQuery = z.strictObject({ target: z.coerce.number().min(0).max(100) });
export const ResultsCsvQuery = z.strictObject({ group: z.string().min(1).max(32) });
export const ScoresExportQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });
