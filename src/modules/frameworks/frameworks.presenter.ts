import { flattenLeaves, frameworkMax } from '../../domain/framework/tree';
import type { Framework } from '../../domain/framework/types';
import type { FrameworkRow } from './frameworks.repository';
import type { FrameworkSummaryDto } from './frameworks.schemas';

export function presentFramework(r: FrameworkRow): FrameworkSummaryDto {
  const tree = r.tree as Framework;
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    year: r.year,
    unitGroup: r.unit_group,
    source: r.source,
    status: r.status,
    clonedFromId: r.cloned_from_id,
    usedByCycles: Number(r.used_by ?? 0),
    leafCount: flattenLeaves(tree).length,
    maxPoints: frameworkMax(tree),
    isDemo: r.is_demo,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
