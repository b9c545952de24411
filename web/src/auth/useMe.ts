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

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('/api/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export const hasPermission = (me: Me | null | undefined, p: string) => !!me?.permissions.includes(p);
