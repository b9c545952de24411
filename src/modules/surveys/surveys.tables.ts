// Kysely table types of the surveys feature (migration 20261121_0301_surveys).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SurveyFormsTable {
  id: Generated<number>;
  code: string;
  version: number;
  title: string;
  unit_group: string;
  definition: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface SurveyCampaignsTable {
  id: Generated<number>;
  code: string;
  name: string;
  form_id: number;
  period_start: string;
  period_end: string;
  channels: string[];
  status: Generated<'draft' | 'open' | 'closed'>;
  margin: number | null;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface SurveyCampaignUnitsTable {
  campaign_id: number;
  unit_id: number;
  target: Generated<number>;
  population: number | null;
}

export interface SurveyTokensTable {
  token: string;
  campaign_id: number;
  unit_id: number;
  dossier_code: string | null;
  created_at: Generated<Date>;
}

export interface SurveyResponsesTable {
  id: Generated<number>;
  client_id: string;
  campaign_id: number;
  unit_id: number;
  channel: string;
  submitted_at: Timestamp;
  started_at: Timestamp | null;
  received_at: Generated<Date>;
  answers: ColumnType<Record<string, unknown>, string, string>;
  hist: number[];
  flags: Generated<string[]>;
  review: 'ok' | 'pending' | 'accepted' | 'rejected';
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  dossier_code: string | null;
  token: string | null;
  device: string | null;
  entered_by: number | null;
}

/** Summary per campaign × unit × channel × month, kept by triggers (migration 20261201_0301_survey_cells). */
export type SurveyCellsTable = {
  campaign_id: number;
  unit_id: number;
  channel: string;
  /** first day of the month, Vietnam time */
  month: string;
  responses: number;
  pending: number;
  rejected: number;
  counted: number;
} & Record<`h${number}`, number>;

export type SurveyTables = {
  survey_forms: SurveyFormsTable;
  survey_campaigns: SurveyCampaignsTable;
  survey_campaign_units: SurveyCampaignUnitsTable;
  survey_tokens: SurveyTokensTable;
  survey_responses: SurveyResponsesTable;
  survey_cells: SurveyCellsTable;
};
