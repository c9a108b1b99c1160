import { createHash } from 'node:crypto';
import { returnedRows } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';

/** The kinds of versioned catalogue entries. */
export type CatalogEntryKind = 'field' | 'certificate-type' | 'item';

export interface CatalogEntryRow<T = unknown> {
  kind: CatalogEntryKind;
  key: string;
  version: number;
  body: T;
  createdBy: string | null;
  createdAt: Date;
  /** The region whose version this is. */
  region: string;
}

interface RawRow {
  kind: CatalogEntryKind;
  key: string;
  version: number;
  body: unknown;
  created_by: string | null;
  created_at: Date;
  region: string;
}

function rowOf<T>(r: RawRow): CatalogEntryRow<T> {
  return { kind: r.kind, key: r.key, version: r.version, body: r.body as T, createdBy: r.created_by, createdAt: r.created_at, region: r.region };
}

/** JSON with object keys sorted, so equal bodies compare equal whatever their key order (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function checksumOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * `catalog_entry`: one row per version of a field, certificate type or service item, in the region
 * that wrote it. Writes never update a row; a change is a new version, and reads take the latest.
 * Reads name a lineage (the reading region first, then the regions above it, nearest first): an
 * entry is the latest version of the first region of the lineage that has it, so a city's own
 * variant of an item code hides its province's and the nation's.
 */
export const catalogEntries = {
  async latest<T>(manager: EntityManager, kind: CatalogEntryKind, lineage: readonly string[]): Promise<CatalogEntryRow<T>[]> {
    const rows = returnedRows<RawRow>(await manager.query(
      `SELECT DISTINCT ON (key) kind, key, version, body, created_by, created_at, region FROM catalog_entry
        WHERE kind = $1 AND region = ANY($2::text[]) ORDER BY key, array_position($2::text[], region), version DESC`,
      [kind, lineage],
    ));
    return rows.map((r) => rowOf<T>(r));
  },

  /** The versions of an entry in the first region of the lineage that has it, newest first. */
  async versions<T>(manager: EntityManager, kind: CatalogEntryKind, key: string, lineage: readonly string[]): Promise<CatalogEntryRow<T>[]> {
    const rows = returnedRows<RawRow>(await manager.query(
      `SELECT kind, key, version, body, created_by, created_at, region FROM catalog_entry
        WHERE kind = $1 AND key = $2 AND region = (SELECT region FROM catalog_entry WHERE kind = $1 AND key = $2 AND region = ANY($3::text[]) ORDER BY array_position($3::text[], region) LIMIT 1)
        ORDER BY version DESC`,
      [kind, key, lineage],
    ));
    return rows.map((r) => rowOf<T>(r));
  },

  /**
   * Adds a version of an entry in the writing region (`tongban.region`) under a transaction-scoped
   * lock on its region and key. A body equal to the region's latest version writes nothing and
   * returns that version; a region's first version of an inherited key is its own variant.
   */
  async put<T>(manager: EntityManager, kind: CatalogEntryKind, key: string, body: T, actor: string | null, now: Date): Promise<CatalogEntryRow<T>> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog_entry:' || current_setting('tongban.region', true) || ':' || $1 || ':' || $2))`, [kind, key]);
    const checksum = checksumOf(body);
    const latest = returnedRows<RawRow & { checksum: string }>(await manager.query(
      `SELECT kind, key, version, body, checksum, created_by, created_at, region FROM catalog_entry
        WHERE kind = $1 AND key = $2 AND region = current_setting('tongban.region', true) ORDER BY version DESC LIMIT 1`,
      [kind, key],
    ))[0];
    if (latest && latest.checksum === checksum) return rowOf<T>(latest);
    const inserted = returnedRows<RawRow>(await manager.query(
      `INSERT INTO catalog_entry (kind, key, version, body, checksum, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING kind, key, version, body, created_by, created_at, region`,
      [kind, key, (latest?.version ?? 0) + 1, JSON.stringify(body), checksum, actor, now],
    ));
    return rowOf<T>(inserted[0]);
  },

  /**
   * `put` for many entries in three statements instead of three per entry (seeding the shipped
   * catalogue): the locks of every region and key, taken in key order in one statement; the
   * region's latest versions; one multi-row insert of the entries whose body differs from their
   * latest version. Returns how many versions were added.
   */
  async putMany(manager: EntityManager, entries: readonly { kind: CatalogEntryKind; key: string; body: unknown }[], actor: string | null, now: Date): Promise<number> {
    if (entries.length === 0) return 0;
    const sorted = [...entries].sort((a, b) => (a.kind === b.kind ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.kind < b.kind ? -1 : 1));
    const kinds = sorted.map((e) => e.kind);
    const keys = sorted.map((e) => e.key);
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('catalog_entry:' || current_setting('tongban.region', true) || ':' || e.kind || ':' || e.key))
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(kind, key, n) ORDER BY e.n`,
      [kinds, keys],
    );
    const latest = returnedRows<{ kind: CatalogEntryKind; key: string; version: number; checksum: string }>(await manager.query(
      `SELECT DISTINCT ON (kind, key) kind, key, version, checksum FROM catalog_entry
        WHERE region = current_setting('tongban.region', true) AND (kind, key) IN (SELECT e.kind, e.key FROM unnest($1::text[], $2::text[]) AS e(kind, key))
        ORDER BY kind, key, version DESC`,
      [kinds, keys],
    ));
    const latestOf = new Map(latest.map((r) => [`${r.kind}\0${r.key}`, r]));
    const rows = sorted
      .map((e) => ({ ...e, checksum: checksumOf(e.body), latest: latestOf.get(`${e.kind}\0${e.key}`) }))
      .filter((e) => e.latest?.checksum !== e.checksum);
    if (rows.length === 0) return 0;
    await manager.query(
      `INSERT INTO catalog_entry (kind, key, version, body, checksum, created_by, created_at)
       SELECT kind, key, version, body, checksum, $6, $7 FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[], $5::text[]) AS e(kind, key, version, body, checksum)`,
      [rows.map((e) => e.kind), rows.map((e) => e.key), rows.map((e) => (e.latest?.version ?? 0) + 1), rows.map((e) => JSON.stringify(e.body)), rows.map((e) => e.checksum), actor, now],
    );
    return rows.length;
  },
};
