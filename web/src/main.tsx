// Two worlds in one bundle graph: public pages (surveys, results) stay light and never load antd;
// the back office loads antd and the app shell lazily.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes, matchPath } from 'react-router-dom';
import { preloadForAddress } from './boot-preload';
import { publicRoutes } from './public-routes';
import './styles.css';

const BackOfficeRoot = lazy(() => import('./BackOfficeRoot'));
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
// public pages (kiosk, survey, interviewer) have no session to check and no back-office chunk to fetch
if (!publicRoutes.some((r) => matchPath(r.path, window.location.pathname))) preloadForAddress(queryClient, window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <BrowserRouter>
      <Suspense fallback={null}>
        <Routes>
          {publicRoutes.map((r) => (
            <Route key={r.path} path={r.path} element={<r.component />} />
          ))}
          <Route path="/*" element={<BackOfficeRoot />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  </QueryClientProvider>,
);
