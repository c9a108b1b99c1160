import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, ConflictError, NotFoundError, REGION_LINEAGE, ROOT_REGION, regionContext, type Clock, type RegionLineage } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import type { Catalog, CertificateType, Field, ServiceItem } from '../catalog/catalog.types';
import { parseCatalog, type CatalogProblem } from '../catalog/parse-catalog';
import { CatalogError } from '../catalog.errors';
import { canonicalJson, catalogEntries, type CatalogEntryKind, type CatalogEntryRow } from '../persistence/catalog-entry.repository';
import { CatalogDomainError } from './catalog-domain.error';

/** The catalogue without bundles: what composing, checking and viewing read. */
export type CatalogSnapshot = Pick<Catalog, 'fields' | 'certificateTypes' | 'items'>;

type EntryBody = Field | CertificateType | ServiceItem;

const KEY_OF: Record<CatalogEntryKind, (body: EntryBody) => string> = {
  field: (b) => (b as Field).key,
  'certificate-type': (b) => (b as CertificateType).type,
  item: (b) => (b as ServiceItem).code,
};

const LIST_OF: Record<CatalogEntryKind, keyof CatalogSnapshot> = { field: 'fields', 'certificate-type': 'certificateTypes', item: 'items' };
const SOURCE_OF: Record<CatalogEntryKind, string> = { field: 'fields.json', 'certificate-type': 'certificate-types.json', item: 'items.json' };
const WHAT: Record<CatalogEntryKind, string> = { field: 'Field', 'certificate-type': 'Certificate type', item: 'Service item' };

/** The actor of seeded catalogue versions. */
const SEEDER = 'system';

/** A catalogue entry as the API returns it: the body with its version. */
export type VersionedEntry<T> = T & { version: number; updatedAt: Date; updatedBy: string | null; region: string };

function versioned<T>(row: CatalogEntryRow<T>): VersionedEntry<T> {
  return { ...row.body, version: row.version, updatedAt: row.createdAt, updatedBy: row.createdBy, region: row.region };
}

/**
 * The catalogue in PostgreSQL: fields, certificate types and service items, each a chain of
 * versions. Every write is checked against the whole catalogue (shape, duplicates, references).
 */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(REGION_LINEAGE) private readonly regions?: RegionLineage,
  ) {}

  /** The catalogue as the caller's region reads it: its own entries and variants over those it inherits. */
  async snapshot(manager: EntityManager = this.dataSource.manager): Promise<CatalogSnapshot> {
    const lineage = await this.lineage();
    const fields = await catalogEntries.latest<Field>(manager, 'field', lineage);
    const certificateTypes = await catalogEntries.latest<CertificateType>(manager, 'certificate-type', lineage);
    const items = await catalogEntries.latest<ServiceItem>(manager, 'item', lineage);
    return { fields: fields.map((r) => r.body), certificateTypes: certificateTypes.map((r) => r.body), items: items.map((r) => r.body) };
  }

  /**
   * The caller's region's own variants of items it inherits from `region` (or from above it): the
   * items a case of a bundle of `region` started in the caller's region counts by. None when
   * `region` is not above (or is) the caller's.
   */
  async variantsBelow(region: string): Promise<ServiceItem[]> {
    const lineage = await this.lineage();
    const cut = lineage.indexOf(region);
    if (cut <= 0) return [];
    const local = lineage.slice(0, cut);
    return (await catalogEntries.latest<ServiceItem>(this.dataSource.manager, 'item', lineage)).filter((r) => local.includes(r.region)).map((r) => r.body);
  }

  async list<T extends EntryBody>(kind: CatalogEntryKind): Promise<VersionedEntry<T>[]> {
    return (await catalogEntries.latest<T>(this.dataSource.manager, kind, await this.lineage())).map(versioned);
  }

  async get<T extends EntryBody>(kind: CatalogEntryKind, key: string): Promise<VersionedEntry<T> & { history: Array<{ version: number; updatedAt: Date; updatedBy: string | null }> }> {
    const versions = await catalogEntries.versions<T>(this.dataSource.manager, kind, key, await this.lineage());
    if (versions.length === 0) throw new NotFoundError(WHAT[kind], key);
    const history = versions.map((v) => ({ version: v.version, updatedAt: v.createdAt, updatedBy: v.createdBy }));
    return Object.assign(versioned(versions[0]), { history });
  }

  /**
   * Create (`mode: 'create'`: the same body again returns the existing version, another body under
   * an existing key → 409) or change (`mode: 'update'`, 404 when missing) an entry: a new version
   * when the body differs from the latest.
   */
  async write<T extends EntryBody>(kind: CatalogEntryKind, body: T, mode: 'create' | 'update', actor: string): Promise<VersionedEntry<T>> {
    const key = KEY_OF[kind](body);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog'))`);
      const versions = await catalogEntries.versions<T>(manager, kind, key, await this.lineage());
      const exists = versions.length > 0;
      if (mode === 'create' && exists) {
        if (canonicalJson(versions[0].body) === canonicalJson(body)) return versioned(versions[0]);
        throw new ConflictError(`${WHAT[kind]} ${key} exists; change it with PUT`, { key });
      }
      if (mode === 'update' && !exists) throw new NotFoundError(WHAT[kind], key);
      if (canonicalJson(versions[0]?.body) === canonicalJson(body)) return versioned(versions[0]);
      this.check(kind, body, await this.snapshot(manager));
      return versioned(await catalogEntries.put(manager, kind, key, body, actor, this.clock.now()));
    });
  }

  /**
   * Seeds the shipped entries: adds those with no version yet and gives a new version to those whose
   * latest version was seeded too and differs (a newer release's catalogue); an entry a designer
   * changed keeps the designer's version.
   */
  async seed(catalog: CatalogSnapshot, manager: EntityManager): Promise<number> {
    const home = [regionContext.current()?.home ?? ROOT_REGION];
    const kinds: CatalogEntryKind[] = ['field', 'certificate-type', 'item'];
    const writes: { kind: CatalogEntryKind; key: string; body: EntryBody }[] = [];
    for (const kind of kinds) {
      // The region's latest version of every key of the kind in one statement (a start seeds a hundred entries or more).
      const latest = new Map((await catalogEntries.latest<EntryBody>(manager, kind, home)).map((row) => [row.key, row]));
      for (const body of catalog[LIST_OF[kind]] as EntryBody[]) {
        const key = KEY_OF[kind](body);
        const current = latest.get(key);
        if (current && (current.createdBy !== SEEDER || canonicalJson(current.body) === canonicalJson(body))) continue;
        writes.push({ kind, key, body });
      }
    }
    return catalogEntries.putMany(manager, writes, SEEDER, this.clock.now());
  }

  /** The caller's region and those above it, nearest first. */
  private async lineage(): Promise<string[]> {
    const home = regionContext.current()?.home ?? ROOT_REGION;
    if (this.regions) return [home, ...(await this.regions.ancestors(home))];
    return home === ROOT_REGION ? [home] : [home, ROOT_REGION];
  }

  /** Validates the catalogue with `body` in place; refuses with the problems located in the body. */
  private check(kind: CatalogEntryKind, body: EntryBody, current: CatalogSnapshot): void {
    const key = KEY_OF[kind](body);
    const list = LIST_OF[kind];
    const next = { ...current, [list]: [body, ...(current[list] as EntryBody[]).filter((e) => KEY_OF[kind](e) !== key)] };
    try {
      parseCatalog({ fields: next.fields, certificateTypes: next.certificateTypes, items: next.items, bundles: [] });
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      const problems = ((error.details.problems ?? []) as CatalogProblem[])
        .filter((p) => p.source === SOURCE_OF[kind] && (p.path === '$' || p.path.startsWith('$[0]')))
        .map((p) => ({ path: p.path === '$' ? 'body' : `body${p.path.slice(4)}`, message: p.message }));
      const shown = problems.length > 0 ? problems : ((error.details.problems ?? []) as CatalogProblem[]).map((p) => ({ path: `${p.source} ${p.path}`, message: p.message }));
      throw new CatalogDomainError('CATALOG_INVALID', `${WHAT[kind]} ${key} refused: ${shown.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems: shown });
    }
  }
}
