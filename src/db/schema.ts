// Table types for Kysely. Each feature declares its tables in <feature>.tables.ts; DB joins them.
import type { AssessmentTables } from '../modules/assessments/assessments.tables';
import type { FoundationTables } from './foundation.tables';
import type { OnestopTables } from '../modules/onestop/onestop.tables';
import type { SurveyTables } from '../modules/surveys/surveys.tables';

export interface DB extends FoundationTables, AssessmentTables, OnestopTables, SurveyTables {}
