// Pages anyone may open without signing in (survey links, kiosk, published results). Keep them free of antd.
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

const SurveyPage = lazy(() => import('./public/SurveyPage'));

export const publicRoutes: { path: string; component: LazyExoticComponent<ComponentType> }[] = [
  { path: '/s/c/:campaignCode', component: SurveyPage },
  { path: '/s/:token', component: SurveyPage },
  { path: '/kiosk/:campaignCode/:unitCode', component: lazy(() => import('./public/KioskPage')) },
  { path: '/interviewer', component: lazy(() => import('./public/InterviewerPage')) },
  { path: '/cong-khai/ket-qua', component: lazy(() => import('./public/ResultsPublicPage')) },
];
