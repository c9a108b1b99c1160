/** Injection token of the region lineage: which regions lie above a region. */
export const REGION_LINEAGE = Symbol.for('tongban.region-lineage');

/** The regions above a region, nearest first (a city: its province, then the root). */
export interface RegionLineage {
  ancestors(code: string): Promise<string[]>;
}
