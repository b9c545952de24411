// Queries of the assessment feature: one key space ['assessment', …] so a change invalidates what it touches.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../auth/useMe';
import type { Assessment, CycleDetail, FrameworkDetail, FrameworkNode } from './types';

export const useCycle = (id: string | number | undefined) =>
  useQuery({ queryKey: ['assessment', 'cycle', String(id)], queryFn: () => api<CycleDetail>(`/api/cycles/${id}`), enabled: id !== undefined });

export const useAssessment = (cycleId: string | undefined, unitId: string | undefined) =>
  useQuery({
    queryKey: ['assessment', 'unit', cycleId, unitId],
    queryFn: () => api<Assessment>(`/api/cycles/${cycleId}/units/${unitId}/assessment`),
    enabled: !!cycleId && !!unitId,
  });

export const useFramework = (id: number | undefined) =>
  useQuery({ queryKey: ['assessment', 'framework', id], queryFn: () => api<FrameworkDetail>(`/api/frameworks/${id}`), enabled: id !== undefined, staleTime: 300_000 });

/** Titles of every group and leaf of a framework tree, by code. */
export function titlesOf(items: FrameworkNode[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (n: FrameworkNode) => {
    out.set(n.code, n.title);
    for (const c of n.children ?? []) walk(c);
  };
  for (const n of items ?? []) walk(n);
  return out;
}

/** Units on which the user holds a unit-bound role (focal point, head). */
export function ownUnitIds(me: Me | null | undefined): number[] {
  return [...new Set((me?.grants ?? []).filter((g) => (g.role === 'unit_focal' || g.role === 'unit_head') && g.unitId !== null).map((g) => g.unitId as number))];
}

/** Office roles: read assessments province-wide. */
export function isOffice(me: Me | null | undefined): boolean {
  return (me?.grants ?? []).some((g) => g.unitId === null && ['system_admin', 'reform_admin', 'appraiser', 'council_member'].includes(g.role));
}

export const stateColor: Record<string, string> = {
  draft: 'default',
  self_assessment: 'processing',
  appraisal: 'gold',
  explanation: 'orange',
  second_review: 'purple',
  finalized: 'green',
  published: 'cyan',
};

export const NEXT_STATE: Record<string, 'self_assessment' | 'appraisal' | 'explanation' | 'second_review' | 'published' | undefined> = {
  draft: 'self_assessment',
  self_assessment: 'appraisal',
  appraisal: 'explanation',
  explanation: 'second_review',
  finalized: 'published',
};

/** Band colour by position: best band green, worst red. */
export function bandColor(bands: { label: string }[], band: string | null): string {
  if (!band) return 'default';
  const i = bands.findIndex((b) => b.label === band);
  const palette = ['green', 'blue', 'gold', 'red'];
  if (i < 0) return 'default';
  if (i === bands.length - 1) return 'red';
  return palette[Math.min(i, palette.length - 2)];
}
