// Survey methodology parameters live in methodology/config/survey.json with their sources, never in code.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const sourced = <T extends z.ZodType>(value: T) => z.object({ value, source: z.string().min(1) });

export const surveyConfigSchema = z.object({
  sipas: z.object({
    satisfiedFrom: sourced(z.number().int().min(1).max(5)),
    wilsonZ: sourced(z.number().positive()),
    minResponsesForRanking: sourced(z.number().int().min(0)),
  }),
  sampleSize: z.object({ defaultMargin: sourced(z.number().gt(0).lt(1)) }),
  answers: z.object({ defaultTextMaxLength: sourced(z.number().int().positive()) }),
  integrity: z.object({
    straightLiningMinQuestions: sourced(z.number().int().min(2)),
    minCompletionSeconds: sourced(z.number().min(0)),
    honeypotField: sourced(z.string().min(1)),
  }),
  sociological: z.object({ answerPercent: sourced(z.record(z.string().min(1), z.number().min(0).max(100))) }),
});

export type SurveyConfigFile = z.infer<typeof surveyConfigSchema>;

/** The values the domain functions take, without their source notes. */
export interface SurveyConfig {
  satisfiedFrom: number;
  wilsonZ: number;
  minResponsesForRanking: number;
  defaultMargin: number;
  defaultTextMaxLength: number;
  straightLiningMinQuestions: number;
  minCompletionSeconds: number;
  honeypotField: string;
  answerPercent: Readonly<Record<string, number>>;
}

export function surveyConfigFrom(raw: unknown): SurveyConfig {
  const c = surveyConfigSchema.parse(raw);
  return {
    satisfiedFrom: c.sipas.satisfiedFrom.value,
    wilsonZ: c.sipas.wilsonZ.value,
    minResponsesForRanking: c.sipas.minResponsesForRanking.value,
    defaultMargin: c.sampleSize.defaultMargin.value,
    defaultTextMaxLength: c.answers.defaultTextMaxLength.value,
    straightLiningMinQuestions: c.integrity.straightLiningMinQuestions.value,
    minCompletionSeconds: c.integrity.minCompletionSeconds.value,
    honeypotField: c.integrity.honeypotField.value,
    answerPercent: c.sociological.answerPercent.value,
  };
}

export const SURVEY_CONFIG_PATH = new URL('../../../methodology/config/survey.json', import.meta.url);

let cached: SurveyConfig | undefined;

/** Reads the shipped config once (the only I/O in this folder; everything else takes the values as arguments). */
export function loadSurveyConfig(path: URL | string = SURVEY_CONFIG_PATH): SurveyConfig {
  if (path === SURVEY_CONFIG_PATH && cached) return cached;
  const config = surveyConfigFrom(JSON.parse(readFileSync(path, 'utf8')));
  if (path === SURVEY_CONFIG_PATH) cached = config;
  return config;
}
