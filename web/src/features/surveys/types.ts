import type { SurveyFormDef } from '../../public/form-types';

export type Kind = 'sipas' | 'sociological' | 'other';
export interface FormSummary {
  id: number;
  code: string;
  version: number;
  title: string;
  unitGroup: string;
  questions: number;
  versions: number;
  kind: Kind;
  createdAt: string;
}
export interface CampaignSummary {
  id: number;
  code: string;
  name: string;
  formId: number;
  formCode: string;
  formVersion: number;
  formTitle: string;
  kind: Kind;
  periodStart: string;
  periodEnd: string;
  channels: string[];
  status: 'draft' | 'open' | 'closed';
  units: number;
  responses: number;
}
export interface CampaignDetail extends CampaignSummary {
  margin: number;
  unitList: { unitId: number; code: string; name: string; target: number; population: number | null }[];
  definition: SurveyFormDef;
}
export interface SipasRow {
  unitCode: string;
  element: number | 'overall';
  index: number | null;
  n: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}
export interface UnitResult {
  unitId: number;
  code: string;
  name: string;
  responses: number;
  rank: number | null;
  belowMinimum: boolean;
  rows: SipasRow[];
  weighted: { element: number | 'overall'; index: number | null; nEffective: number | null; ciLow: number | null; ciHigh: number | null }[] | null;
  byChannel: Record<string, number>;
}
export interface Results {
  elements: number[];
  minResponses: number;
  province: { responses: number; rows: SipasRow[] };
  units: UnitResult[];
  weighted: boolean;
  trend: { month: string; responses: number; rows: SipasRow[] }[];
  sociological: { unitCode: string; unitName: string; items: { code: string; text: string; meanPercent: number | null; n: number }[] }[];
  pending: number;
}
export interface Progress {
  at: string;
  onestop: boolean;
  totals: { responses: number; target: number; pending: number };
  units: { unitId: number; code: string; name: string; target: number; responses: number; pending: number; rejected: number; byChannel: Record<string, number>; dossiersReturned: number | null; responseRate: number | null }[];
}
