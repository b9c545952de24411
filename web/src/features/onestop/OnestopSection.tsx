// /onestop/*: the one-stop data screens (indicators, procedure catalogue, Index 766, import) behind one
// menu entry, with their own tabs; each screen is its own bundle.
import { Spin, Tabs, Typography } from 'antd';
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/useMe';
import './i18n';

const DashboardPage = lazy(() => import('./DashboardPage'));
const ProceduresPage = lazy(() => import('./ProceduresPage'));
const Index766Page = lazy(() => import('./Index766Page'));
const ImportPage = lazy(() => import('./ImportPage'));

export default function OnestopSection() {
  const { t } = useTranslation('onestop');
  const { data: me } = useMe();
  const nav = useNavigate();
  const loc = useLocation();
  const canImport = hasPermission(me, 'onestop.import');
  const sub = loc.pathname.replace(/^\/onestop\/?/, '').split('/')[0] || 'dashboard';
  const tabs = [
    { key: 'dashboard', label: t('tabs.dashboard') },
    { key: 'procedures', label: t('tabs.procedures') },
    { key: 'index766', label: t('tabs.index766') },
    ...(canImport ? [{ key: 'import', label: t('tabs.import') }] : []),
  ];
  return (
    <div className="page onestop">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('subtitle')}</Typography.Text>
      <Tabs
        className="onestop-tabs"
        activeKey={sub}
        items={tabs}
        onChange={(k) => nav(k === 'dashboard' ? '/onestop' : `/onestop/${k}`)}
        style={{ marginTop: 8 }}
      />
      <Suspense
        fallback={
          <div className="center-spin">
            <Spin size="large" />
          </div>
        }
      >
        <Routes>
          <Route index element={<DashboardPage />} />
          <Route path="procedures" element={<ProceduresPage />} />
          <Route path="index766" element={<Index766Page />} />
          <Route path="import" element={<ImportPage />} />
          <Route path="*" element={<Navigate to="/onestop" replace />} />
        </Routes>
      </Suspense>
    </div>
  );
}
