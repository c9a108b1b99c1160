import type { ProcessModel } from '@tongban/bpmn';
import type { EntityManager } from 'typeorm';

/** A process version a deployment has just created. */
export interface NewProcessVersion {
  id: string;
  key: string;
  version: number;
  xml: string;
  model: ProcessModel;
}

/** What a deployment listener is told, inside the deployment's transaction. */
export interface ProcessesDeployed {
  /** The deployment's transaction: the listener's writes commit or roll back with it. */
  manager: EntityManager;
  actor: string | null;
  processes: NewProcessVersion[];
}

/**
 * Told of every new process version, whichever route deployed it (the deployments API, a bundle,
 * the workflows folder), inside the deployment's transaction and before it commits: a listener
 * that throws refuses the whole deployment. Listeners must be idempotent (a retried deployment may
 * tell them again) and write only their own package's tables.
 */
export interface DeploymentListener {
  processesDeployed(event: ProcessesDeployed): Promise<void>;
}
