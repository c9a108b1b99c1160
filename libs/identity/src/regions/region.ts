/** How deep a region sits: the nation (the root) above provinces, cities and districts. */
export type RegionLevel = 'nation' | 'province' | 'city' | 'district';
export const REGION_LEVELS: RegionLevel[] = ['nation', 'province', 'city', 'district'];

/** A region (tenant): owns departments, users, API keys, catalogue, calendars, bundles and cases. */
export interface Region {
  code: string;
  name: string;
  parent: string | null;
  level: RegionLevel;
}

/** The regions as a tree, for answering "which regions are below / above this one". */
export class RegionTree {
  private readonly byCode = new Map<string, Region>();
  private readonly children = new Map<string, string[]>();

  constructor(regions: readonly Region[]) {
    for (const region of regions) {
      this.byCode.set(region.code, region);
      if (region.parent) this.children.set(region.parent, [...(this.children.get(region.parent) ?? []), region.code]);
    }
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  /** The region and every region below it, the region first. */
  subtree(code: string): string[] {
    const found: string[] = [];
    const stack = [code];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (!this.byCode.has(next) || found.includes(next)) continue;
      found.push(next);
      stack.push(...(this.children.get(next) ?? []).slice().reverse());
    }
    return found;
  }

  /** The regions above, nearest first. */
  ancestors(code: string): string[] {
    const found: string[] = [];
    for (let parent = this.byCode.get(code)?.parent; parent && !found.includes(parent); parent = this.byCode.get(parent)?.parent) found.push(parent);
    return found;
  }

  all(): Region[] {
    return [...this.byCode.values()];
  }
}
