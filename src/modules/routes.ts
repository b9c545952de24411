// The route table: one list per feature. The permission-matrix test and the OpenAPI document read it.
import type { RouteDef } from '../http/route';
import { auditRoutes } from './audit/audit.routes';
import { identityRoutes } from './identity/identity.routes';
import { onestopRoutes } from './onestop/onestop.routes';
import { surveysRoutes } from './surveys/surveys.routes';
import { unitsRoutes } from './units/units.routes';
import { assessmentRoutes, cycleRoutes } from './assessments/assessments.routes';
import { resultsRoutes } from './assessments/results.routes';
import { frameworksRoutes } from './frameworks/frameworks.routes';

export const allRoutes: RouteDef[] = [...identityRoutes, ...unitsRoutes, ...auditRoutes, ...surveysRoutes, ...onestopRoutes];
allRoutes.push(...frameworksRoutes, ...cycleRoutes, ...assessmentRoutes, ...resultsRoutes);
