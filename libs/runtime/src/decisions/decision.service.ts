import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ProcessModel } from '@tongban/bpmn';
import { DecisionEvaluationFailure, DmnRefusal, evaluateDecision, parseDmn, type DecisionOutcome, type DecisionSet } from '@tongban/dmn';
import { sandboxedDmnFeel, type DeployedDecision } from '@tongban/engine';
import type { EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { DecisionRepository, type DecisionSummary } from './decision.repository';

/** A DMN resource of a deployment, parsed and validated before anything is written. */
export interface ParsedDecisionResource {
  name: string;
  content: string;
  checksum: string;
  set: DecisionSet;
}

/** A decision version a deployment produced (or found unchanged). */
export interface DeployedDecisionVersion {
  id: string;
  key: string;
  version: number;
  name: string | null;
}

/** The evaluation of a deployed decision, as the evaluate route returns it. */
export interface DecisionEvaluation extends DecisionOutcome {
  version: number;
}

/** Whether a deployment resource is a DMN document (by name, or by its namespace when not named `.bpmn`). */
export function isDmnResource(resource: { name: string; content: string }): boolean {
  if (/\.dmn$/i.test(resource.name)) return true;
  return !/\.bpmn$/i.test(resource.name) && /spec\/DMN\/\d+/.test(resource.content) && !/spec\/BPMN\/\d+/.test(resource.content);
}

/** Deploys DMN documents as versions of their decisions, gives the engine the latest ones and evaluates them on request. */
@Injectable()
export class DecisionService {
  /** The decision ids each compiled model's business rule tasks call (models are cached and immutable). */
  private readonly calledBy = new WeakMap<ProcessModel, string[]>();

  constructor(
    private readonly decisions: DecisionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Parses a DMN resource, or throws DMN_INVALID (400) naming every decision, rule and cell that cannot run. */
  async parse(resource: { name: string; content: string }, checksum: string): Promise<ParsedDecisionResource> {
    try {
      return { ...resource, checksum, set: await parseDmn(resource.content) };
    } catch (error) {
      if (error instanceof DmnRefusal) {
        throw new DomainError('DMN_INVALID', `Resource ${resource.name} refused: ${error.message}`, { resource: resource.name, problems: error.problems });
      }
      throw error;
    }
  }

  /**
   * Part of the deploy command, inside its transaction: per decision of the document, under an
   * advisory lock on its id, a new version (latest + 1) unless the latest has the same checksum.
   * `insertDeployment` is called before the first row is written.
   */
  async deploy(manager: EntityManager, parsed: ParsedDecisionResource, deploymentId: string, now: Date, insertDeployment: () => Promise<void>): Promise<{ decisions: DeployedDecisionVersion[]; existingDeploymentId?: string }> {
    const decisions: DeployedDecisionVersion[] = [];
    let existingDeploymentId: string | undefined;
    for (const decision of parsed.set.decisions) {
      const latest = await this.decisions.lockLatest(manager, decision.id);
      if (latest && latest.checksum === parsed.checksum) {
        existingDeploymentId ??= latest.deploymentId;
        decisions.push({ id: latest.id, key: latest.key, version: latest.version, name: latest.name });
        continue;
      }
      await insertDeployment();
      const row = {
        id: randomUUID(), deploymentId, key: decision.id, version: (latest?.version ?? 0) + 1, name: decision.name ?? null,
        resourceName: parsed.name, checksum: parsed.checksum, xml: parsed.content, drg: parsed.set, createdAt: now,
      };
      await this.decisions.insert(manager, row);
      decisions.push({ id: row.id, key: row.key, version: row.version, name: row.name });
    }
    return { decisions, existingDeploymentId };
  }

  /** The engine's decision lookup for a model: the latest version of every decision its business rule tasks call. */
  async lookupFor(model: ProcessModel, manager?: EntityManager): Promise<((decisionId: string) => DeployedDecision | undefined) | undefined> {
    let called = this.calledBy.get(model);
    if (!called) {
      called = [...new Set(Object.values(model.elements).flatMap((el) => (el.calledDecision ? [el.calledDecision.decisionId] : [])))];
      this.calledBy.set(model, called);
    }
    if (called.length === 0) return undefined;
    const rows = await this.decisions.latest(called, manager);
    const byKey = new Map(rows.map((row) => [row.key, { set: row.drg, version: row.version }]));
    return (decisionId) => byKey.get(decisionId);
  }

  list(key?: string): Promise<DecisionSummary[]> {
    return this.decisions.list(key);
  }

  /** The DMN XML of the latest version of a decision. */
  async xml(key: string): Promise<string> {
    const row = await this.decisions.find(key);
    if (!row) throw new NotFoundError('Decision', key);
    return row.xml;
  }

  /**
   * Evaluates a deployed decision (the latest version, or `version`) over the variables with the
   * engine's sandboxed FEEL; a failure (UNIQUE with two matches, ANY with differing outputs, a failing
   * cell) is DECISION_EVALUATION_FAILED (422) naming the decision and the matched rules. Writes nothing.
   */
  async evaluate(key: string, variables: Record<string, unknown>, version?: number): Promise<DecisionEvaluation> {
    const now = this.clock.now().getTime();
    const row = await this.decisions.find(key, version);
    if (!row) throw new NotFoundError('Decision', version === undefined ? key : `${key}:${version}`);
    try {
      return { ...evaluateDecision(row.drg, key, variables, sandboxedDmnFeel(now)), version: row.version };
    } catch (error) {
      if (error instanceof DecisionEvaluationFailure) {
        throw new DomainError('DECISION_EVALUATION_FAILED', error.message, { decisionId: error.decisionId, version: row.version, matchedRules: error.matchedRules });
      }
      throw error;
    }
  }
}
