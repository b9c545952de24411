import { z } from 'zod';

export const FrameworkSummary = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  year: z.number(),
  unitGroup: z.string(),
  source: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  clonedFromId: z.number().nullable(),
  /** How many cycles use it: a published framework used by a cycle can no longer change. */
  usedByCycles: z.number(),
  leafCount: z.number(),
  maxPoints: z.number(),
  isDemo: z.boolean(),
  updatedAt: z.string(),
});
export type FrameworkSummaryDto = z.infer<typeof FrameworkSummary>;

export const FrameworkDetail = FrameworkSummary.extend({ framework: z.record(z.string(), z.unknown()) });

export const FrameworkListQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  unitGroup: z.string().max(32).optional(),
});

export const CloneBody = z.strictObject({
  code: z.string().trim().min(1).max(64),
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(1).max(300).optional(),
  source: z.string().trim().max(500).optional(),
});

/** The whole tree as formats.md JSON; validated by the domain's validateFramework for precise messages. */
export const UpdateBody = z.strictObject({ framework: z.record(z.string(), z.unknown()) });
