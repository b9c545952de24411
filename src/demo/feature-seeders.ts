// Each capability adds the function that seeds its demo data (cycles, forms, dossiers …), in order.
import type { AppContext } from '../app-context';
import { seedSurveysDemo } from '../modules/surveys/surveys.seed';

export const featureSeeders: ((ctx: AppContext) => Promise<void>)[] = [seedSurveysDemo];
