import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeploymentService, type DeploymentListener, type ProcessesDeployed } from '@tongban/runtime';
import { bundleProcessProblems } from '../compose/bundle-process.check';
import { bundles } from '../persistence/bundle.repository';
import { followProcess } from '../savings/deployed-savings';
import { CatalogDomainError } from './catalog-domain.error';

/**
 * Keeps a bundle on what is deployed for its process key (`bundle-<code>`), whichever route
 * deployed it (the designer through `POST /deployments`, the bundle's own deploy, a file).
 */
@Injectable()
export class BundleDeploymentListener implements DeploymentListener, OnModuleInit {
  constructor(private readonly deployments: DeploymentService) {}

  onModuleInit(): void {
    this.deployments.listen(this);
  }

  /**
   * Follow command, inside the deployment's transaction: for each new version of a bundle's
   * process, the bundle row is locked; a process that lost an item's approval or issue task, or
   * names an item outside the bundle, refuses the whole deployment (400 BUNDLE_BPMN_INVALID, naming
   * the element or item); else the row takes the version's BPMN, departments and savings and
   * records it as deployed. A repeated call for the same version changes nothing.
   */
  async processesDeployed({ manager, processes }: ProcessesDeployed): Promise<void> {
    for (const process of processes) {
      const row = await bundles.findByProcessKey(manager, process.key);
      if (!row) continue;
      const problems = bundleProcessProblems(row, process.model);
      if (problems.length > 0) {
        throw new CatalogDomainError('BUNDLE_BPMN_INVALID', `Process ${process.key} is the process of bundle ${row.code} and is refused: ${problems.map((p) => p.message).join('; ')}`, {
          bundle: row.code, problems,
        });
      }
      const artifacts = followProcess(row.artifacts, process.model);
      await bundles.followDeployment(manager, row.code, { definitionId: process.id, version: process.version, xml: process.xml, artifacts }, new Date());
    }
  }
}
