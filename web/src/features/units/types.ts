export interface UnitDto {
  id: number;
  code: string;
  name: string;
  group: string;
  parentId: number | null;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  isDemo: boolean;
}
export interface UnitRef {
  id: number;
  code: string;
  name: string;
  group: string;
  validFrom: string | null;
  validTo: string | null;
}
export interface UnitHistory {
  unit: UnitRef;
  predecessors: (UnitRef & { depth: number })[];
  successors: UnitRef[];
}
