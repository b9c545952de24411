// The navigation and the route table of the back office. A feature adds its pages here (lazy, so each
// capability is its own bundle) and its menu entry with the permission that shows it.
import {
  AuditOutlined,
  BarChartOutlined,
  ApartmentOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FormOutlined,
  SettingOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, type ReactNode, lazy } from 'react';

export interface NavItem {
  key: string;
  path: string;
  labelKey: string;
  icon: ReactNode;
  permission?: string;
  children?: NavItem[];
}

export interface PageRoute {
  path: string;
  component: LazyExoticComponent<ComponentType>;
}

const Coming = lazy(() => import('./features/home/ComingSoon'));

export const navItems: NavItem[] = [
  { key: 'home', path: '/', labelKey: 'nav.home', icon: <DashboardOutlined /> },
  { key: 'units', path: '/units', labelKey: 'nav.units', icon: <ApartmentOutlined />, permission: 'units.read' },
  { key: 'assessment', path: '/assessment', labelKey: 'nav.assessment', icon: <FileDoneOutlined />, permission: 'assessment.read' },
  { key: 'surveys', path: '/surveys', labelKey: 'nav.surveys', icon: <FormOutlined />, permission: 'surveys.read' },
  { key: 'onestop', path: '/onestop', labelKey: 'nav.onestop', icon: <ShopOutlined />, permission: 'onestop.read' },
  { key: 'plans', path: '/plans', labelKey: 'nav.plans', icon: <CalendarOutlined />, permission: 'plans.update' },
  { key: 'reports', path: '/reports', labelKey: 'nav.reports', icon: <BarChartOutlined />, permission: 'reports.read' },
  {
    key: 'admin',
    path: '/admin',
    labelKey: 'nav.admin',
    icon: <SettingOutlined />,
    permission: 'audit.read',
    children: [
      { key: 'users', path: '/admin/users', labelKey: 'nav.users', icon: <TeamOutlined />, permission: 'users.manage' },
      { key: 'audit', path: '/admin/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
    ],
  },
];

export const pageRoutes: PageRoute[] = [
  { path: '/', component: lazy(() => import('./features/home/HomePage')) },
  { path: '/units', component: lazy(() => import('./features/units/UnitsPage')) },
  { path: '/units/:id', component: lazy(() => import('./features/units/UnitPage')) },
  { path: '/admin/users', component: lazy(() => import('./features/admin/UsersPage')) },
  { path: '/admin/audit', component: lazy(() => import('./features/admin/AuditPage')) },
  { path: '/assessment', component: lazy(() => import('./features/assessment/CyclesPage')) },
  { path: '/assessment/cycles/:id', component: lazy(() => import('./features/assessment/CyclePage')) },
  { path: '/assessment/cycles/:id/units/:unitId', component: lazy(() => import('./features/assessment/UnitAssessmentPage')) },
  { path: '/assessment/cycles/:id/appraisal', component: lazy(() => import('./features/assessment/AppraisalQueuePage')) },
  { path: '/assessment/cycles/:id/appraisal/:unitId', component: lazy(() => import('./features/assessment/AppraisalReviewPage')) },
  { path: '/assessment/cycles/:id/results', component: lazy(() => import('./features/assessment/ResultsPage')) },
  // Capabilities still to land: their sections show a clear "coming" page, never a broken link.
  { path: '/assessment/*', component: Coming },
  { path: '/surveys', component: lazy(() => import('./features/surveys/SurveysPage')) },
  { path: '/surveys/forms/new', component: lazy(() => import('./features/surveys/FormBuilderPage')) },
  { path: '/surveys/forms/:id', component: lazy(() => import('./features/surveys/FormBuilderPage')) },
  { path: '/surveys/campaigns/new', component: lazy(() => import('./features/surveys/CampaignNewPage')) },
  { path: '/surveys/paper', component: lazy(() => import('./features/surveys/PaperEntryPage')) },
  { path: '/surveys/campaigns/:id', component: lazy(() => import('./features/surveys/CampaignPage')) },
  { path: '/onestop/*', component: lazy(() => import('./features/onestop/OnestopSection')) },
  { path: '/plans/*', component: Coming },
  { path: '/reports/*', component: Coming },
];
