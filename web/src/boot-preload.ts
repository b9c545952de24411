// Render-as-you-fetch for a page opened by its address (a bookmark, a link in an e-mail, a reload).
// Without this the browser works in turn: main bundle → back-office shell (antd) → session check →
// the page's chunk → the page's data. Here, as soon as the main bundle runs, the session check, the
// page's chunk and its main query start together. Kept free of antd so it stays in the small main bundle;
// the chunks named here are the same modules nav.tsx loads lazily, so nothing is fetched twice.
import type { QueryClient } from '@tanstack/react-query';
import { matchPath } from 'react-router-dom';
import { fetchMe } from './auth/useMe';
import { cycleResultsQuery } from './features/assessment/queries';

interface Preload {
  path: string;
  chunk: () => Promise<unknown>;
  /** The page's main query: the same options the page itself uses. */
  query?: (params: Record<string, string | undefined>) => { queryKey: unknown[]; queryFn: () => Promise<unknown> };
}

// The pages whose data is heavy enough for the waterfall to show; other pages load as before.
const preloads: Preload[] = [
  {
    path: '/assessment/cycles/:id/results',
    chunk: () => import('./features/assessment/ResultsPage'),
    query: ({ id }) => cycleResultsQuery(id),
  },
  { path: '/onestop/*', chunk: () => import('./features/onestop/OnestopSection') },
];

export function preloadForAddress(queryClient: QueryClient, pathname: string) {
  if (pathname.startsWith('/api/')) return;
  void queryClient.prefetchQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 60_000 });
  for (const p of preloads) {
    const m = matchPath(p.path, pathname);
    if (!m) continue;
    void p.chunk().catch(() => {}); // a failed chunk is retried by the page's own lazy import
    if (p.query) {
      // a 401/403 here is not shown: the page asks again when it mounts and shows the answer itself
      void queryClient.prefetchQuery({ ...p.query(m.params), retry: false });
    }
    return;
  }
}
