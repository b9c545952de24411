// The route table: one list per feature. The permission-matrix test and the OpenAPI document read it.
import type { RouteDef } from '../http/route';
import { auditRoutes } from './audit/audit.routes';
import { identityRoutes } from './identity/identity.routes';
import { surveysRoutes } from './surveys/surveys.routes';
import { unitsRoutes } from './units/units.routes';

export const allRoutes: RouteDef[] = [...identityRoutes, ...unitsRoutes, ...auditRoutes, ...surveysRoutes];
