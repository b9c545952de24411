import { describe, expect, it } from 'vitest';
import { buildLineage, currentSuccessors, lineageHistory, mapUnitToDate } from './lineage';

// Before 1/7/2025: communes A and B merge into M; commune C splits into C1 and C2; D is unchanged.
// Later (2026) M merges again with C1 into Z.
const graph = buildLineage([
  { code: 'A', validFrom: null, validTo: '2025-06-30', successors: ['M'] },
  { code: 'B', validFrom: null, validTo: '2025-06-30', successors: ['M'] },
  { code: 'C', validFrom: null, validTo: '2025-06-30', successors: ['C1', 'C2'] },
  { code: 'D', validFrom: null, validTo: null, successors: [] },
  { code: 'M', validFrom: '2025-07-01', validTo: '2026-06-30', successors: ['Z'] },
  { code: 'C1', validFrom: '2025-07-01', validTo: '2026-06-30', successors: ['Z'] },
  { code: 'C2', validFrom: '2025-07-01', validTo: null, successors: [] },
  { code: 'Z', validFrom: '2026-07-01', validTo: null, successors: [] },
]);

describe('lineage', () => {
  it('maps a merged unit forward to its successor', () => {
    expect(mapUnitToDate(graph, 'A', '2025-12-31')).toEqual(['M']);
  });
  it('maps a split unit forward to both parts', () => {
    expect(mapUnitToDate(graph, 'C', '2025-12-31')).toEqual(['C1', 'C2']);
  });
  it('follows two successive mergers to today', () => {
    expect(currentSuccessors(graph, 'A', '2026-11-21')).toEqual(['Z']);
    expect(currentSuccessors(graph, 'C', '2026-11-21')).toEqual(['C2', 'Z']);
  });
  it('maps a new unit back to the units it came from', () => {
    expect(mapUnitToDate(graph, 'M', '2024-12-31')).toEqual(['A', 'B']);
    expect(mapUnitToDate(graph, 'Z', '2024-12-31')).toEqual(['A', 'B', 'C']);
    expect(mapUnitToDate(graph, 'Z', '2025-12-31')).toEqual(['C1', 'M']);
  });
  it('keeps an unchanged unit as itself and an unknown code as nothing', () => {
    expect(mapUnitToDate(graph, 'D', '2020-01-01')).toEqual(['D']);
    expect(mapUnitToDate(graph, 'nope', '2020-01-01')).toEqual([]);
  });
  it('lists the whole history with depths', () => {
    expect(lineageHistory(graph, 'Z')).toEqual([
      { code: 'M', depth: 1 },
      { code: 'C1', depth: 1 },
      { code: 'A', depth: 2 },
      { code: 'B', depth: 2 },
      { code: 'C', depth: 2 },
    ]);
  });
});
