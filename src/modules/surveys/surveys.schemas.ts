// Request and response shapes of the surveys API.
import { z } from 'zod';

export const CHANNELS = ['qr', 'kiosk', 'web', 'interviewer', 'paper'] as const;
export const PublicChannel = z.enum(['qr', 'kiosk', 'web']);

const answerValue = z.union([z.string().max(20_000), z.number(), z.array(z.string().max(500)).max(100), z.null()]);
export const AnswersBody = z.record(z.string().max(64), answerValue).refine((a) => Object.keys(a).length <= 500, 'quá nhiều câu trả lời');

const isoInstant = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'thời điểm không hợp lệ (ISO 8601)');
/** Ids made on the device (UUID or similar): the key that makes replays idempotent. */
const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'mã phiếu trên thiết bị không hợp lệ');

export const PublicSubmission = z.strictObject({
  campaign: z.string().min(1).max(64),
  unit: z.string().min(1).max(64).optional(),
  token: z.string().min(4).max(64).optional(),
  channel: PublicChannel,
  clientId: clientId.optional(),
  device: z.string().max(64).optional(),
  dossierCode: z.string().trim().min(1).max(64).optional(),
  startedAt: isoInstant.optional(),
  answers: AnswersBody,
  /** the honeypot: a hidden field people never fill (its name is methodology/config/survey.json) */
  hidden: z.record(z.string().max(32), z.string().max(2000)).optional(),
});

export const SubmissionResult = z.object({ status: z.enum(['stored', 'duplicate']), id: z.number() });

export const StaffResponse = z.strictObject({
  clientId,
  campaign: z.string().min(1).max(64),
  unit: z.string().min(1).max(64),
  dossierCode: z.string().trim().min(1).max(64).optional(),
  submittedAt: isoInstant.optional(),
  startedAt: isoInstant.optional(),
  answers: AnswersBody,
});

export const SyncBody = z.strictObject({ device: z.string().max(64).optional(), responses: z.array(StaffResponse).max(500) });
export const SyncResult = z.object({
  results: z.array(
    z.object({
      clientId: z.string(),
      status: z.enum(['stored', 'duplicate', 'rejected']),
      id: z.number().optional(),
      message: z.string().optional(),
    }),
  ),
});

export const FormSummary = z.object({
  id: z.number(),
  code: z.string(),
  version: z.number(),
  title: z.string(),
  unitGroup: z.string(),
  questions: z.number(),
  versions: z.number(),
  kind: z.enum(['sipas', 'sociological', 'other']),
  createdAt: z.string(),
});

export const FormDetail = FormSummary.extend({ definition: z.unknown() });

export const CampaignInput = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{2,32}$/, 'mã đợt chỉ gồm chữ, số và dấu gạch ngang (2–32 ký tự)'),
  name: z.string().trim().min(1).max(300),
  formId: z.number().int().positive(),
  periodStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  periodEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  channels: z.array(z.enum(CHANNELS)).min(1),
  margin: z.number().gt(0).lt(1).optional(),
  units: z
    .array(z.strictObject({ unitCode: z.string().min(1).max(64), target: z.number().int().min(0).optional(), population: z.number().int().positive().optional() }))
    .min(1)
    .max(2000),
});

export const CampaignSummary = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  formId: z.number(),
  formCode: z.string(),
  formVersion: z.number(),
  formTitle: z.string(),
  kind: z.enum(['sipas', 'sociological', 'other']),
  periodStart: z.string(),
  periodEnd: z.string(),
  channels: z.array(z.string()),
  status: z.enum(['draft', 'open', 'closed']),
  units: z.number(),
  responses: z.number(),
});

export const CampaignDetail = CampaignSummary.extend({
  margin: z.number(),
  units: z.number(),
  unitList: z.array(z.object({ unitId: z.number(), code: z.string(), name: z.string(), target: z.number(), population: z.number().nullable() })),
  definition: z.unknown(),
});

export const IdParam = z.strictObject({ id: z.coerce.number().int().positive() });
