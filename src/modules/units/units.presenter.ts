import type { UnitDto } from './units.schemas';

/** Rows never leave the server as they are: this is the one shape a unit has in responses. */
export function presentUnit(r: {
  id: number;
  code: string;
  name: string;
  group_code: string;
  parent_id: number | null;
  parent_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
  is_demo: boolean;
}): UnitDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    group: r.group_code,
    parentId: r.parent_id,
    parentCode: r.parent_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    isDemo: r.is_demo,
  };
}
