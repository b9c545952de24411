// Query options shared by a page and the boot-time preload (boot-preload.ts), so both ask for the same key
// and URL. No antd here: the preload lives in the small main bundle.
import { api } from '../../api/client';
import type { CycleResults } from './types';

export const cycleResultsQuery = (id: string | undefined) => ({
  queryKey: ['assessment', 'results', id],
  queryFn: () => api<CycleResults>(`/api/cycles/${id}/results`),
});
