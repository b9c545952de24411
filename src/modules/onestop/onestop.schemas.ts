// Request shapes of the one-stop routes (responses are the service's objects, documented in the README).
import { z } from 'zod';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'cần tháng dạng YYYY-MM');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'định dạng YYYY-MM-DD');
const period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'kỳ dạng YYYY, YYYY-Qn hoặc YYYY-MM');
const id = z.coerce.number().int().positive('phải là số nguyên dương');

export const DIMS = ['unit', 'period', 'channel', 'procedure', 'sector'] as const;

export const IndicatorQuery = z.strictObject({
  by: z
    .string()
    .max(64)
    .default('unit')
    .transform((s, ctx) => {
      const dims = s === '' ? [] : s.split(',').map((x) => x.trim());
      for (const d of dims) {
        if (!(DIMS as readonly string[]).includes(d)) {
          ctx.addIssue({ code: 'custom', message: `"${d}" không hợp lệ (${DIMS.join(', ')})` });
          return z.NEVER;
        }
      }
      return [...new Set(dims)] as (typeof DIMS)[number][];
    }),
  granularity: z.enum(['month', 'quarter', 'year', 'all']).default('month'),
  from: month.optional(),
  to: month.optional(),
  asOf: date.optional(),
  unitId: id.optional(),
  channel: z.enum(['online', 'direct', 'postal']).optional(),
  procedure: z.string().max(64).optional(),
});

export const DossierListQuery = z.strictObject({
  unitId: id.optional(),
  period: period.optional(),
  filter: z.enum(['late', 'overdue', 'late_or_overdue', 'not_digitized', 'not_online', 'unsatisfied', 'all']).default('late_or_overdue'),
  asOf: date.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const PeriodQuery = z.strictObject({ period, asOf: date.optional() });

export const DueQuery = z.strictObject({
  received: z.string().min(10).max(40),
  days: z.coerce.number().int().min(0).max(3650).optional(),
  hours: z.coerce.number().positive().max(10000).optional(),
  paused: z.coerce.number().int().min(0).max(3650).default(0),
});

export const ProcedureSummaryQuery = z.strictObject({
  by: z.enum(['level', 'unit', 'sector', 'none']).default('level'),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const CreateJobBody = z.strictObject({
  kind: z.literal('dossiers'),
  filename: z.string().max(255).default(''),
  size: z.number().int().min(0).optional(),
});

export const ImportQuery = z.strictObject({ job: id.optional() });
export const JobParams = z.strictObject({ id });
