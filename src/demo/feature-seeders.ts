// Each capability adds the function that seeds its demo data (cycles, forms, dossiers …), in order.
import type { AppContext } from '../app-context';
import { seedOnestopDemo } from '../modules/onestop/onestop.demo';
import { seedAssessmentDemo } from '../modules/assessments/assessments.demo-seed';
import { seedSurveysDemo } from '../modules/surveys/surveys.seed';

export const featureSeeders: ((ctx: AppContext) => Promise<void>)[] = [seedSurveysDemo];
featureSeeders.unshift(seedAssessmentDemo);
featureSeeders.push(seedOnestopDemo);
