// Lineage across mergers and splits: which units of one date correspond to a unit of another date.
// Year-over-year trends use it so a merged commune is compared with the communes it came from.

export interface LineageUnit {
  code: string;
  validFrom: string | null; // YYYY-MM-DD, inclusive; null = since forever
  validTo: string | null; // YYYY-MM-DD, inclusive; null = still existing
  successors: readonly string[];
}

export interface LineageGraph {
  units: ReadonlyMap<string, LineageUnit>;
  predecessors: ReadonlyMap<string, readonly string[]>;
}

export function buildLineage(units: Iterable<LineageUnit>): LineageGraph {
  const map = new Map<string, LineageUnit>();
  const preds = new Map<string, string[]>();
  for (const u of units) map.set(u.code, u);
  for (const u of map.values()) {
    for (const s of u.successors) {
      const list = preds.get(s) ?? [];
      list.push(u.code);
      preds.set(s, list);
    }
  }
  return { units: map, predecessors: preds };
}

export function isValidOn(u: LineageUnit, date: string): boolean {
  return (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || u.validTo >= date);
}

/**
 * Maps a unit to the units valid on `date`: forward through successors when the date is after the unit
 * ended, backward through predecessors when it is before the unit began, itself when valid. Sorted codes.
 */
export function mapUnitToDate(graph: LineageGraph, code: string, date: string): string[] {
  const start = graph.units.get(code);
  if (!start) return [];
  if (isValidOn(start, date)) return [code];
  const forward = start.validTo !== null && start.validTo < date;
  const found = new Set<string>();
  const seen = new Set<string>([code]);
  const queue = [code];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const next = forward ? (graph.units.get(current)?.successors ?? []) : (graph.predecessors.get(current) ?? []);
    for (const n of next) {
      if (seen.has(n)) continue;
      seen.add(n);
      const u = graph.units.get(n);
      if (!u) continue;
      if (isValidOn(u, date)) found.add(n);
      else queue.push(n);
    }
  }
  return [...found].sort();
}

/** The current successor(s) of any unit, as of `today`. */
export function currentSuccessors(graph: LineageGraph, code: string, today: string): string[] {
  return mapUnitToDate(graph, code, today);
}

/** Every ancestor-in-time of a unit (all predecessors, transitively), with the depth of each step. */
export function lineageHistory(graph: LineageGraph, code: string): { code: string; depth: number }[] {
  const out: { code: string; depth: number }[] = [];
  const seen = new Set([code]);
  let frontier = [code];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const c of frontier) {
      for (const p of graph.predecessors.get(c) ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push({ code: p, depth });
        next.push(p);
      }
    }
    frontier = next;
  }
  return out;
}
