import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../api/client';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  grants: { role: string; unitId: number | null; unitCode?: string | null; unitName?: string | null; includeDescendants: boolean }[];
  permissions: string[];
  csrfToken: string;
}

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>('/api/auth/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 60_000 });
}

export const hasPermission = (me: Me | null | undefined, p: string) => !!me?.permissions.includes(p);
