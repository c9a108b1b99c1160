import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { basename, dirname, join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, RUNTIME_CONFIG, type Clock, type RuntimeConfig } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { loadCatalogFromDir } from '../catalog/load-catalog';
import { shippedCatalogHash } from '../catalog/shipped-catalog-hash';
import { bundles } from '../persistence/bundle.repository';
import { catalogSeeds } from '../persistence/catalog-seed.repository';
import { BundleService } from './bundle.service';
import { CatalogService } from './catalog.service';
import { FormService } from './form.service';

/**
 * The folder the catalogue is seeded from: `TONGBAN_CATALOG_DIR`, else `TONGBAN_WORKFLOWS_DIR`, else
 * `./workflows` in demo mode; none in production unless configured (the demo catalogue is opt-in).
 */
export function catalogDir(config: RuntimeConfig): string | undefined {
  return config.catalogDir || config.workflowsDir || (config.demo ? join(process.cwd(), 'workflows') : undefined);
}

/**
 * Seeds the catalogue and the shipped bundles at api start, idempotently and under one advisory
 * lock (several api copies may start together): missing entries and bundles are added; seeded ones
 * follow the shipped files (a designer's versions win: an entry a designer changed, a bundle a
 * designer recomposed or whose BPMN was edited, are kept); a shipped bundle never deployed, or
 * recomposed now, is deployed, all of them in one transaction (deploying unchanged BPMN keeps its version). A start whose files,
 * release and schema are those of the last seeding of the region (`shippedCatalogHash`, kept in
 * `catalog_seed`) seeds nothing: every comparison would find the database as the files say.
 */
@Injectable()
export class CatalogSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogSeeder.name);

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly bundleService: BundleService,
    private readonly forms: FormService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = performance.now();
    try {
      await this.seed();
    } finally {
      // `npm start` reports its start-up in parts; this is the catalogue and bundle seeding part.
      performance.measure('tongban:seed-catalog', { start: started });
    }
  }

  private async seed(): Promise<void> {
    const dir = catalogDir(this.config);
    if (!dir || !existsSync(join(dir, 'catalog'))) {
      this.logger.log(dir ? `no catalogue under ${dir}: nothing seeded` : 'no catalogue folder configured (TONGBAN_CATALOG_DIR or TONGBAN_WORKFLOWS_DIR): nothing seeded');
      return;
    }
    const contentHash = shippedCatalogHash(dir, [`release ${releaseVersion()}`, `schema ${this.dataSource.migrations.map((m) => m.name).at(-1) ?? ''}`]);
    if ((await catalogSeeds.hash(this.dataSource.manager)) === contentHash) {
      this.logger.log(`catalogue under ${dir} unchanged since it was last seeded: nothing to seed`);
      return;
    }
    let shipped;
    try {
      shipped = loadCatalogFromDir(dir);
    } catch (error) {
      this.logger.error(`catalogue under ${dir} not seeded: ${(error as Error).message}`);
      return;
    }
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog'))`);
      const added = await this.catalog.seed(shipped, manager);
      // Every bundle is composed from the catalogue as seeded just now, read once under the catalogue's lock.
      const snapshot = await this.catalog.snapshot(manager);
      const newBundles: string[] = [];
      const refreshed = new Set<string>();
      const existing = new Set((await bundles.list(manager)).map((row) => row.code));
      for (const definition of shipped.bundles) {
        if (existing.has(definition.code)) {
          if (await this.bundleService.refreshShipped(definition, manager, snapshot)) refreshed.add(definition.code);
          continue;
        }
        await this.bundleService.create(definition, 'system', manager, snapshot);
        newBundles.push(definition.code);
      }
      return { added, newBundles, refreshed };
    });
    await this.seedForms(join(dir, 'forms'));
    // The shipped bundles never deployed, or recomposed just now, are deployed together in one transaction.
    const stored = new Map((await bundles.list(this.dataSource.manager)).map((row) => [row.code, row]));
    const toDeploy = shipped.bundles.map((d) => d.code).filter((code) => !stored.get(code)?.deployedDefinitionId || created.refreshed.has(code));
    for (const deployed of await this.bundleService.deployMany(toDeploy, 'system')) {
      this.logger.log(`bundle ${deployed.code}: ${deployed.processKey} v${deployed.version}`);
    }
    if (created.added > 0 || created.newBundles.length > 0 || created.refreshed.size > 0) {
      this.logger.log(`seeded ${created.added} catalogue entries, new bundles ${created.newBundles.join(', ') || 'none'}, recomposed ${[...created.refreshed].join(', ') || 'none'} from ${dir}`);
    }
    await catalogSeeds.record(this.dataSource.manager, contentHash, this.clock.now());
  }

  /** Saves each shipped form (`forms/<name>.form`, a form-js schema) that has no version yet; a designer's versions are kept. */
  private async seedForms(formsDir: string): Promise<void> {
    if (!existsSync(formsDir)) return;
    const known = new Set(await this.forms.ids());
    for (const file of readdirSync(formsDir).filter((name) => name.endsWith('.form')).sort()) {
      try {
        const schema = JSON.parse(readFileSync(join(formsDir, file), 'utf8')) as { id?: string };
        if (schema.id && known.has(schema.id)) continue;
        const { form } = await this.forms.save({ name: basename(file, '.form'), schema }, { name: 'system' } as Parameters<FormService['save']>[1]);
        this.logger.log(`form ${form.formId} v${form.version} from forms/${file}`);
      } catch (error) {
        this.logger.error(`form forms/${file} not seeded: ${(error as Error).message}`);
      }
    }
  }
}

/** The version in the nearest package.json above this file (the checkout's or the image's), '' without one. */
function releaseVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '';
  }
  return '';
}
