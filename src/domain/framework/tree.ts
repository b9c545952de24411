// Walking the criteria tree: leaves in document order, the area (top-level ancestor) of each, group maxima.
import { type Framework, type FrameworkItem, type GroupItem, type LeafItem, countsInMax, isGroup } from './types';
import { sumPoints } from '../scoring/round';

export interface LeafInfo {
  leaf: LeafItem;
  /** Code of the top-level item the leaf sits under (itself when a top-level item is a leaf). */
  areaCode: string;
  /** Codes of the ancestors from the area down to the direct parent. */
  ancestors: string[];
}

/** Every leaf in document order with its area and ancestors. */
export function flattenLeaves(framework: Pick<Framework, 'items'>): LeafInfo[] {
  const out: LeafInfo[] = [];
  const walk = (item: FrameworkItem, ancestors: string[]): void => {
    if (isGroup(item)) {
      for (const child of item.children) walk(child, [...ancestors, item.code]);
    } else {
      out.push({ leaf: item, areaCode: ancestors[0] ?? item.code, ancestors });
    }
  };
  for (const item of framework.items) walk(item, []);
  return out;
}

/** The code of a leaf's area, or undefined for an unknown code. */
export function areaOf(framework: Pick<Framework, 'items'>, code: string): string | undefined {
  for (const area of framework.items) {
    if (findIn(area, code)) return area.code;
  }
  return undefined;
}

/** Finds any item (group or leaf) by code. */
export function findItem(framework: Pick<Framework, 'items'>, code: string): FrameworkItem | undefined {
  for (const item of framework.items) {
    const hit = findIn(item, code);
    if (hit) return hit;
  }
  return undefined;
}

function findIn(item: FrameworkItem, code: string): FrameworkItem | undefined {
  if (item.code === code) return item;
  if (isGroup(item)) {
    for (const child of item.children) {
      const hit = findIn(child, code);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** A group's maximum is the sum of its children's; bonus and deduction leaves are left out. */
export function itemMax(item: FrameworkItem): number {
  if (isGroup(item)) return sumPoints(item.children.map(itemMax));
  return countsInMax(item) ? item.maxPoints : 0;
}

/** The framework's total maximum before any N/A. */
export function frameworkMax(framework: Pick<Framework, 'items'>): number {
  return sumPoints(framework.items.map(itemMax));
}

/** Every item (groups and leaves) by code, for O(1) lookups when reading score files. */
export function indexItems(framework: Pick<Framework, 'items'>): Map<string, FrameworkItem> {
  const map = new Map<string, FrameworkItem>();
  const walk = (item: FrameworkItem): void => {
    map.set(item.code, item);
    if (isGroup(item)) item.children.forEach(walk);
  };
  framework.items.forEach(walk);
  return map;
}

export type { GroupItem, LeafItem };
