import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BpmnValidationError, compileBpmn, type ProcessModel } from '@tongban/bpmn';
import { CLOCK, ConflictError, DefinitionService, DeploymentService, NotFoundError, type Clock } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import type { BundleDefinition, ServiceItem } from '../catalog/catalog.types';
import { buildBundleArtifacts } from '../compose/bundle-artifacts';
import { bundleProcessProblems } from '../compose/bundle-process.check';
import { composeBundle, type ComposedBundle } from '../compose/compose-bundle';
import { applyLocalVariants } from '../compose/local-variants';
import { bundles, type BundleRow, type StoredArtifacts } from '../persistence/bundle.repository';
import { canonicalJson } from '../persistence/catalog-entry.repository';
import { followProcess } from '../savings/deployed-savings';
import { CatalogDomainError, translateCatalogError } from './catalog-domain.error';
import { CatalogService, type CatalogSnapshot } from './catalog.service';

/** A bundle as `GET /api/v1/bundles/:code` returns it. */
export interface BundleView {
  code: string;
  name: string;
  version: number;
  items: string[];
  dependsOn: BundleRow['artifacts']['dependsOn'];
  layers: string[][];
  form: BundleRow['artifacts']['form'];
  processKey: string;
  bpmnXml?: string;
  bpmnEdited: boolean;
  savings: BundleRow['artifacts']['savings'];
  /** The departments the bundle's process asks for work (the deployed process's once one is deployed). */
  departments: string[];
  deployed: { definitionId: string; version: number } | null;
  createdAt: Date;
  updatedAt: Date;
}

function viewOf(row: BundleRow, withXml: boolean): BundleView {
  const a = row.artifacts;
  return {
    code: row.code, name: row.name, version: row.version, items: a.items, dependsOn: a.dependsOn, layers: a.layers, form: a.form,
    processKey: row.processKey, ...(withXml ? { bpmnXml: row.bpmnXml } : {}), bpmnEdited: row.bpmnEdited, savings: a.savings,
    departments: a.departments ?? [...new Set(a.itemDefinitions.map((i) => i.department))].sort(),
    deployed: row.deployedDefinitionId ? { definitionId: row.deployedDefinitionId, version: row.deployedVersion! } : null,
    createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/** A bundle's deployed process version, as the deploy command answers it. */
export interface BundleDeployment {
  code: string;
  processKey: string;
  definitionId: string;
  version: number;
}

/** What `POST /api/v1/bundles/preview` answers: a composition as deploying its generated BPMN would record it, nothing stored. */
export interface BundlePreview {
  items: string[];
  dependsOn: BundleRow['artifacts']['dependsOn'];
  layers: string[][];
  form: BundleRow['artifacts']['form'];
  savings: BundleRow['artifacts']['savings'];
  departments: string[];
}

/** The code a preview is composed under; it names no stored bundle. */
const PREVIEW_CODE = 'preview';

function sameDefinition(a: BundleDefinition, b: BundleDefinition): boolean {
  const key = (d: BundleDefinition) => JSON.stringify([d.code, d.name, d.items, (d.dependsOn ?? []).map((x) => [x.item, x.on])]);
  return key(a) === key(b);
}

/** What composing a bundle decides; savings and departments follow the deployed process. */
function composition({ savings: _savings, departments: _departments, ...rest }: StoredArtifacts): Omit<StoredArtifacts, 'savings' | 'departments'> {
  return rest;
}

/** Composes, stores, edits and deploys bundles (一件事). */
@Injectable()
export class BundleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly deployments: DeploymentService,
    private readonly definitions: DefinitionService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(): Promise<BundleView[]> {
    return (await bundles.list(this.dataSource.manager)).map((r) => viewOf(r, false));
  }

  async get(code: string, withXml = true): Promise<BundleView> {
    return viewOf(await this.row(code), withXml);
  }

  async row(code: string, manager: EntityManager = this.dataSource.manager): Promise<BundleRow> {
    const row = await bundles.find(manager, code);
    if (!row) throw new NotFoundError('Bundle', code);
    return row;
  }

  /**
   * The composition new applications are checked against: the one last deployed (its process is
   * what they start), with the items as they were when it was composed.
   */
  deployedComposition(row: BundleRow, variants: readonly ServiceItem[] = []): { artifacts: StoredArtifacts; bundle: ComposedBundle } {
    const deployed = row.deployedArtifacts ?? row.artifacts;
    const artifacts = variants.length ? { ...deployed, itemDefinitions: applyLocalVariants(deployed.itemDefinitions, variants) } : deployed;
    const definition: BundleDefinition = {
      code: row.code,
      name: artifacts.name,
      items: artifacts.items,
      dependsOn: artifacts.dependsOn.filter((e) => e.reason === 'explicit').map((e) => ({ item: e.to, on: e.from })),
    };
    return { artifacts, bundle: composeBundle(definition, artifacts.itemDefinitions) };
  }

  /**
   * Composes `items` from the current catalogue without storing anything: the merged form, the
   * dependency layers and the savings and departments of the generated process, as the bundle would
   * record them once deployed. Refuses unknown items, cycles and conflicting form rules like `create`.
   */
  async preview(definition: Omit<BundleDefinition, 'code' | 'name'>): Promise<BundlePreview> {
    const snapshot = await this.catalog.snapshot();
    const { bpmnXml, ...artifacts } = translateCatalogError(() => buildBundleArtifacts({ ...definition, code: PREVIEW_CODE, name: PREVIEW_CODE }, snapshot));
    const model = (await compileBpmn(bpmnXml)).processes.find((p) => p.id === artifacts.processKey)!;
    const followed = followProcess(artifacts, model);
    return { items: followed.items, dependsOn: followed.dependsOn, layers: followed.layers, form: followed.form, savings: followed.savings, departments: followed.departments };
  }

  /**
   * Compose command: builds the artifacts from the current catalogue (refusing unknown items,
   * cycles, conflicting form rules, naming them) and inserts the bundle. Posting the composition of
   * an existing bundle again returns it unchanged (like deploying unchanged BPMN); another
   * composition under an existing code → 409.
   */
  async create(definition: BundleDefinition, actor: string, manager?: EntityManager, snapshot?: CatalogSnapshot): Promise<BundleView> {
    const run = async (m: EntityManager) => {
      const { artifacts, bpmnXml } = await this.compose(definition, m, snapshot);
      const now = this.clock.now();
      const row = {
        code: definition.code, name: definition.name, version: 1, definition, artifacts, bpmnXml, bpmnEdited: false,
        processKey: artifacts.processKey, deployedDefinitionId: null, deployedVersion: null, createdBy: actor,
      };
      if (await bundles.insert(m, row, now)) return viewOf({ ...row, deployedArtifacts: null, createdAt: now, updatedAt: now }, true);
      const existing = (await bundles.find(m, definition.code))!;
      if (sameDefinition(existing.definition, definition)) return viewOf(existing, true);
      throw new ConflictError(`Bundle ${definition.code} exists with another composition; change it with PUT /api/v1/bundles/${definition.code}`, { bundle: definition.code });
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * Recompose command: the bundle is composed again from the current catalogue (e.g. after an item
   * changed) as a new version with freshly generated BPMN; the deployed version stays until the
   * designer deploys again.
   */
  async recompose(code: string, definition: Omit<BundleDefinition, 'code'>): Promise<BundleView> {
    await this.dataSource.transaction(async (m) => {
      if (!(await bundles.find(m, code, true))) throw new NotFoundError('Bundle', code);
      const full = { ...definition, code };
      const { artifacts, bpmnXml } = await this.compose(full, m);
      await bundles.recompose(m, { code, name: full.name, definition: full, artifacts, bpmnXml }, this.clock.now());
    });
    return this.get(code);
  }

  /**
   * Refresh command for a shipped bundle at start (inside the seeder's transaction): when its
   * composition is still the shipped one, its BPMN was not edited, and composing it from the current
   * catalogue gives other artifacts (a newer release's items), it is composed again as a new version.
   * True when it was; the caller deploys it.
   */
  async refreshShipped(definition: BundleDefinition, manager: EntityManager, snapshot?: CatalogSnapshot): Promise<boolean> {
    const row = await bundles.find(manager, definition.code, true);
    if (!row || row.createdBy !== 'system' || row.bpmnEdited || !sameDefinition(row.definition, definition)) return false;
    const { artifacts, bpmnXml } = await this.compose(definition, manager, snapshot);
    if (bpmnXml === row.bpmnXml && canonicalJson(composition(artifacts)) === canonicalJson(composition(row.artifacts))) return false;
    await bundles.recompose(manager, { code: definition.code, name: definition.name, definition, artifacts, bpmnXml }, this.clock.now());
    return true;
  }

  /** Composes from `snapshot` when given (the seeder composes every shipped bundle from one), else from the catalogue as `manager` reads it. */
  private async compose(definition: BundleDefinition, manager: EntityManager, given?: CatalogSnapshot): Promise<{ artifacts: StoredArtifacts; bpmnXml: string }> {
    const snapshot = given ?? (await this.catalog.snapshot(manager));
    const { bpmnXml, ...rest } = translateCatalogError(() => buildBundleArtifacts(definition, snapshot));
    const itemDefinitions = rest.items.map((c) => snapshot.items.find((i) => i.code === c)!);
    return { artifacts: { ...rest, itemDefinitions }, bpmnXml };
  }

  /**
   * Replace-BPMN command: the designer's edited process must compile, keep the process id
   * `bundle-<code>`, and keep for every item its approval user task (`tongban:item`) and, for items
   * with a result certificate, its issue task (`tongban:taskType="tongban.certificate.issue"`).
   */
  async replaceBpmn(code: string, xml: string): Promise<BundleView> {
    const row = await this.row(code);
    let processes: ProcessModel[];
    try {
      processes = (await compileBpmn(xml)).processes;
    } catch (error) {
      if (error instanceof BpmnValidationError) {
        throw new CatalogDomainError('BUNDLE_BPMN_INVALID', `The BPMN of bundle ${code} is refused: ${error.message}`, { problems: error.problems });
      }
      throw error;
    }
    const process = processes.find((p) => p.id === row.processKey);
    const problems = process
      ? bundleProcessProblems(row, process)
      : [{ message: `no executable process with id ${row.processKey} (found ${processes.map((p) => p.id).join(', ') || 'none'})` }];
    if (problems.length > 0) {
      throw new CatalogDomainError('BUNDLE_BPMN_INVALID', `The BPMN of bundle ${code} is refused: ${problems.map((p) => p.message).join('; ')}`, { problems });
    }
    await this.dataSource.transaction((m) => bundles.replaceBpmn(m, code, xml, this.clock.now()));
    return this.get(code);
  }

  /**
   * Deploy command: the bundle's BPMN through the deployment service (same versioning: identical
   * XML keeps its version), in one transaction with the bundle's update. A new version updates the
   * bundle through `BundleDeploymentListener`; then the bundle records the version as deployed with
   * its composition as it is now (composed again from a changed catalogue, the BPMN can stay the
   * same version while the items' definitions change), unless it already records exactly that.
   */
  async deploy(code: string, actor: string): Promise<BundleDeployment> {
    const row = await this.row(code);
    return this.dataSource.transaction((m) => this.deployRow(m, row, actor));
  }

  /**
   * Deploy command for several bundles in ONE transaction (seeding the shipped bundles at start):
   * each as `deploy` does, in the order given; one refused deployment writes nothing of any.
   */
  async deployMany(codes: readonly string[], actor: string): Promise<BundleDeployment[]> {
    if (codes.length === 0) return [];
    return this.dataSource.transaction(async (m) => {
      const rows = new Map((await bundles.list(m)).map((r) => [r.code, r]));
      const deployed: BundleDeployment[] = [];
      for (const code of codes) {
        const row = rows.get(code);
        if (!row) throw new NotFoundError('Bundle', code);
        deployed.push(await this.deployRow(m, row, actor));
      }
      return deployed;
    });
  }

  /**
   * Deploys `row`'s BPMN in `m`, then locks the bundle (after the deployment's lock on the process
   * key, the order every deployment takes them in) and records what was deployed.
   */
  private async deployRow(m: EntityManager, row: BundleRow, actor: string): Promise<BundleDeployment> {
    const result = await this.deployments.deploy({ name: `bundle ${row.code}`, resources: [{ name: `${row.code}.bpmn`, content: row.bpmnXml }], actor }, m);
    const process = result.processes.find((p) => p.key === row.processKey)!;
    const current = (await bundles.find(m, row.code, true))!;
    const artifacts = followProcess(current.artifacts, await this.definitions.model(process.id, m));
    const recorded = current.deployedDefinitionId === process.id && current.deployedVersion === process.version
      && canonicalJson(current.artifacts) === canonicalJson(artifacts) && canonicalJson(current.deployedArtifacts) === canonicalJson(artifacts);
    if (!recorded) {
      await bundles.followDeployment(m, row.code, { definitionId: process.id, version: process.version, xml: current.bpmnXml, artifacts }, this.clock.now());
    }
    return { code: row.code, processKey: row.processKey, definitionId: process.id, version: process.version };
  }
}
