import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BpmnValidationError, type LintProblem, type ProcessModel, type TongbanLintOptions } from '@tongban/bpmn';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { DecisionService, isDmnResource, type DeployedDecisionVersion, type ParsedDecisionResource } from '../decisions/decision.service';
import { DefinitionService } from './definition.service';
import { ModelCompilePool } from './compile/model-compile.pool';
import type { DeploymentListener, NewProcessVersion } from './deployment-listener';
import { DeploymentEntity } from './deployment.entity';
import { ProcessDefinitionEntity } from './process-definition.entity';

export interface DeploymentResource {
  name: string;
  content: string;
}

export interface DeployedProcess {
  id: string;
  key: string;
  version: number;
  name: string | null;
}

export interface DeploymentResult {
  id: string;
  name: string | null;
  processes: DeployedProcess[];
  /** Decision versions of the DMN resources (new, or the latest when unchanged). */
  decisions: DeployedDecisionVersion[];
  /** Resources without an executable process, kept as they are (descriptive models). */
  resources: { name: string; notes: string[] }[];
  /** What looks wrong in the documents but changes nothing that runs, each prefixed with its resource name. */
  warnings: string[];
  /** The lint findings that do not refuse a deployment (severity `warn`), with their resource. */
  lint: DeploymentLintFinding[];
}

/** A lint warning of a deployed resource. */
export interface DeploymentLintFinding extends LintProblem {
  resource: string;
}

/** The file a deployment was made from: its path (e.g. `workflows/processes/x.bpmn`) and content sha256. */
export interface DeploymentSource {
  file: string;
  hash: string;
}

interface CompiledResource {
  resource: DeploymentResource;
  checksum: string;
  processes: ProcessModel[];
  notes: string[];
  warnings: string[];
  lint: LintProblem[];
}

/** Deploys BPMN documents as new versions of their processes. */
@Injectable()
export class DeploymentService {
  private readonly logger = new Logger(DeploymentService.name);
  private readonly listeners: DeploymentListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly decisionService: DecisionService,
    private readonly compiler: ModelCompilePool,
  ) {}

  /** Registers a listener told of every new process version inside its deployment's transaction. */
  listen(listener: DeploymentListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  /**
   * Deploy command.
   *
   * Compiles every resource first (a refusal writes nothing), then in ONE transaction, per process
   * key under a transaction-scoped advisory lock on that key:
   * - when the latest version of the key has the same resource checksum (sha256 of the bytes), the
   *   existing definition is returned and nothing is written for it;
   * - otherwise a `process_definition` row with version = latest + 1 is inserted, carrying the XML
   *   and the compiled model (jsonb).
   * A DMN document (`.dmn`) deploys each of its decisions the same way, as `decision_definition`
   * rows versioned by decision id (DecisionService.deploy); a refused one (DMN_INVALID) writes nothing.
   * A document without an executable process is kept as a `deployment_resource` row (once per
   * checksum, under an advisory lock on it), with the compiler's notes.
   * The listeners (`listen`) are told of the new process versions last, in the same transaction;
   * one that throws refuses the deployment and nothing is written.
   * Every BPMN resource with an executable process is linted (`lint` names the region's departments
   * for `tongban/known-department`; without it departments are not checked): an error finding
   * refuses the deployment with BPMN_LINT_FAILED and nothing is written.
   * A `deployment` row is inserted only when at least one definition or resource is new, or when
   * the deployment comes from a file (`source`: the row then records the file and its content hash,
   * see `deployFile`); a deployment that changes nothing reports the deployment that created its
   * definitions.
   * Given `within` (a caller's transaction, e.g. several deployments committed together), the writes
   * and the listeners run in it instead of a transaction of their own, and commit or roll back with it.
   */
  async deploy(
    input: { name?: string; resources: DeploymentResource[]; actor?: string; source?: DeploymentSource; lint?: TongbanLintOptions },
    within?: EntityManager,
  ): Promise<DeploymentResult> {
    if (input.resources.length === 0) throw new DomainError('DEPLOYMENT_EMPTY', 'A deployment needs at least one resource');
    const dmn = input.resources.filter(isDmnResource);
    const parsedDecisions = await Promise.all(dmn.map((resource) => this.decisionService.parse(resource, createHash('sha256').update(resource.content, 'utf8').digest('hex'))));
    this.refuseDuplicateDecisions(parsedDecisions);
    const bpmn = input.resources.filter((resource) => !isDmnResource(resource));
    const compiled = await Promise.all(bpmn.map((resource) => this.compile(resource, input.lint ?? {})));
    this.refuseDuplicateKeys(compiled);

    const now = this.clock.now();
    const deploymentId = randomUUID();
    const write = async (manager: EntityManager) => {
      const processes: (DeployedProcess & { deploymentId: string })[] = [];
      const created: NewProcessVersion[] = [];
      const resources: { name: string; notes: string[] }[] = [];
      let existingDeploymentId: string | undefined;
      const decisions: DeployedDecisionVersion[] = [];
      let deploymentInserted = false;
      const insertDeployment = async () => {
        if (deploymentInserted) return;
        deploymentInserted = true;
        await manager.insert(DeploymentEntity, {
          id: deploymentId, name: input.name ?? null, createdBy: input.actor ?? null, createdAt: now, sourceFile: input.source?.file ?? null, sourceHash: input.source?.hash ?? null,
        });
      };
      for (const parsed of parsedDecisions) {
        const deployed = await this.decisionService.deploy(manager, parsed, deploymentId, now, insertDeployment);
        decisions.push(...deployed.decisions);
        existingDeploymentId ??= deployed.existingDeploymentId;
      }
      for (const { resource, checksum, processes: models, notes } of compiled) {
        if (models.length === 0) {
          resources.push({ name: resource.name, notes });
          await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`resource:${checksum}`]);
          const [existing] = await manager.query('SELECT deployment_id FROM deployment_resource WHERE checksum = $1 LIMIT 1', [checksum]);
          if (existing) {
            existingDeploymentId ??= existing.deployment_id as string;
            continue;
          }
          await insertDeployment();
          await manager.query(
            'INSERT INTO deployment_resource (id, deployment_id, name, checksum, content, notes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [randomUUID(), deploymentId, resource.name, checksum, resource.content, JSON.stringify(notes), now],
          );
          continue;
        }
        for (const model of models) {
          const latest = await this.lockLatest(manager, model.id);
          if (latest && latest.checksum === checksum) {
            processes.push({ id: latest.id, key: latest.key, version: latest.version, name: latest.name, deploymentId: latest.deploymentId });
            continue;
          }
          await insertDeployment();
          const row = {
            id: randomUUID(),
            deploymentId,
            key: model.id,
            version: (latest?.version ?? 0) + 1,
            name: model.name ?? null,
            resourceName: resource.name,
            checksum,
            xml: resource.content,
            model,
            createdAt: now,
          };
          await manager.insert(ProcessDefinitionEntity, row);
          created.push({ id: row.id, key: row.key, version: row.version, xml: resource.content, model });
          processes.push({ id: row.id, key: row.key, version: row.version, name: row.name, deploymentId });
        }
      }
      const id = deploymentInserted ? deploymentId : (processes[0]?.deploymentId ?? existingDeploymentId ?? deploymentId);
      if (input.source) await insertDeployment();
      if (created.length > 0) for (const listener of this.listeners) await listener.processesDeployed({ manager, actor: input.actor ?? null, processes: created });
      return {
        created,
        result: { id, name: input.name ?? null, processes: processes.map(({ deploymentId: _d, ...p }) => p), decisions, resources, warnings: warningsOf(compiled), lint: lintOf(compiled) },
      };
    };
    const { result, created } = within ? await write(within) : await this.dataSource.transaction(write);
    for (const { id, model } of created) this.definitions.remember(id, model);
    if (created.length > 0) this.logger.log(`deployed ${result.processes.map((p) => `${p.key}:${p.version}`).join(', ')}`);
    return result;
  }

  /**
   * Deploy-file command: deploys a file's content unless the last deployment from that file had the
   * same content (sha256), so a version deployed later from elsewhere (the designer) stays the latest
   * across restarts until the file itself changes. Undefined when the file was skipped.
   */
  async deployFile(input: { file: string; resourceName: string; content: string; actor?: string }): Promise<DeploymentResult | undefined> {
    const hash = createHash('sha256').update(input.content, 'utf8').digest('hex');
    const [last] = (await this.dataSource.query(
      `SELECT source_hash FROM deployment WHERE source_file = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [input.file],
    )) as { source_hash: string }[];
    if (last?.source_hash === hash) return undefined;
    return this.deploy({ name: input.file, resources: [{ name: input.resourceName, content: input.content }], actor: input.actor, source: { file: input.file, hash } });
  }

  /**
   * Compiles a resource, then lints it (the designer's bpmnlint rules) when it has an executable
   * process: an error finding refuses the deployment (BPMN_LINT_FAILED, `details.problems` with
   * `rule` and `elementId`), warnings are reported with the result. A large document is compiled in
   * a worker thread (see ModelCompilePool), so the event loop keeps serving other requests.
   */
  private async compile(resource: DeploymentResource, lintOptions: TongbanLintOptions): Promise<CompiledResource> {
    const checksum = createHash('sha256').update(resource.content, 'utf8').digest('hex');
    const outcome = await this.compiler.compile({ content: resource.content, lintOptions });
    if (!outcome.ok) {
      const refusal = new BpmnValidationError(outcome.problems);
      throw new DomainError(refusal.code, `Resource ${resource.name} refused: ${refusal.message}`, { resource: resource.name, problems: outcome.problems });
    }
    const errors = outcome.lint.filter((problem) => problem.severity === 'error');
    if (errors.length > 0) {
      throw new DomainError('BPMN_LINT_FAILED', `Resource ${resource.name} refused: ${errors.map((p) => `${p.rule}${p.elementId ? ` at ${p.elementId}` : ''}: ${p.message}`).join('; ')}`, {
        resource: resource.name,
        problems: errors.map(({ rule, elementId, message }) => ({ code: 'BPMN_LINT_FAILED', rule, elementId, message })),
      });
    }
    return { resource, checksum, processes: outcome.processes, notes: outcome.notes, warnings: outcome.warnings, lint: outcome.lint };
  }

  private refuseDuplicateKeys(compiled: CompiledResource[]): void {
    const seen = new Map<string, string>();
    for (const { resource, processes } of compiled) {
      for (const model of processes) {
        const other = seen.get(model.id);
        if (other !== undefined) {
          throw new DomainError('DEPLOYMENT_DUPLICATE_PROCESS', `Process ${model.id} is defined in both ${other} and ${resource.name}`, {
            processKey: model.id,
            resources: [other, resource.name],
          });
        }
        seen.set(model.id, resource.name);
      }
    }
  }

  private refuseDuplicateDecisions(parsed: ParsedDecisionResource[]): void {
    const seen = new Map<string, string>();
    for (const { name, set } of parsed) {
      for (const decision of set.decisions) {
        const other = seen.get(decision.id);
        if (other !== undefined) {
          throw new DomainError('DMN_INVALID', `Decision ${decision.id} is defined in both ${other} and ${name}`, { decisionId: decision.id, resources: [other, name] });
        }
        seen.set(decision.id, name);
      }
    }
  }

  /** Serialises deployments of one key until commit and returns its latest version. */
  private async lockLatest(manager: EntityManager, key: string): Promise<ProcessDefinitionEntity | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('process_definition:' || $1))`, [key]);
    return manager.getRepository(ProcessDefinitionEntity).findOne({
      where: { key },
      order: { version: 'DESC' },
      select: ['id', 'key', 'version', 'name', 'checksum', 'deploymentId'],
    });
  }
}

/** The lint warnings of every resource. */
function lintOf(compiled: CompiledResource[]): DeploymentLintFinding[] {
  return compiled.flatMap(({ resource, lint }) => lint.map((problem) => ({ resource: resource.name, ...problem })));
}

/** The compiler's warnings of every resource, each prefixed with the resource's name. */
function warningsOf(compiled: CompiledResource[]): string[] {
  return compiled.flatMap(({ resource, warnings }) => warnings.map((warning) => `${resource.name}: ${warning}`));
}
