import { Spin } from 'antd';
import { Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { LoginPage } from './auth/LoginPage';
import { useMe } from './auth/useMe';
import { AppLayout } from './layout/AppLayout';
import { pageRoutes } from './nav';

const Loading = () => (
  <div className="center-spin">
    <Spin size="large" />
  </div>
);

export function BackOffice() {
  const { data: me, isLoading } = useMe();
  if (isLoading) return <Loading />;
  if (!me) return <LoginPage />;
  return (
    <AppLayout me={me}>
      <Suspense fallback={<Loading />}>
        <Routes>
          {pageRoutes.map((r) => (
            <Route key={r.path} path={r.path} element={<r.component />} />
          ))}
        </Routes>
      </Suspense>
    </AppLayout>
  );
}
