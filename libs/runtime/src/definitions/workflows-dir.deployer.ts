import { readdir, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { join, relative } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { DeploymentService } from './deployment.service';

/**
 * Bundle processes (`bundles/*.bpmn`) are deployed by the catalogue, which keeps a designer's
 * edited and deployed version instead of redeploying the shipped file over it.
 */
const BUNDLES_DIR = 'bundles';

/**
 * Deploys every `*.bpmn` and `*.dmn` (decisions, `decisions/`) under `TONGBAN_WORKFLOWS_DIR` at start (except `bundles/`), each only when its
 * content changed since the last deployment from that file: a newer version deployed from the
 * designer stays the latest until the file itself changes. A refused file is logged and skipped.
 */
@Injectable()
export class WorkflowsDirDeployer implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkflowsDirDeployer.name);

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly deployments: DeploymentService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const dir = this.config.workflowsDir;
    if (!dir) return;
    const started = performance.now();
    for (const file of await findBpmnFiles(dir)) {
      const name = relative(dir, file);
      if (name.startsWith(`${BUNDLES_DIR}/`)) continue;
      try {
        const result = await this.deployments.deployFile({ file: `workflows/${name}`, resourceName: name, content: await readFile(file, 'utf8'), actor: 'system' });
        if (result) this.logger.log(`${name}: ${[...result.decisions, ...result.processes].map((p) => `${p.key} v${p.version}`).join(', ')}`);
      } catch (error) {
        this.logger.error(`${name} not deployed: ${(error as Error).message}`);
      }
    }
    // `npm start` reports its start-up in parts; this is the part deploying the workflows folder.
    performance.measure('tongban:deploy-workflows', { start: started });
  }
}

async function findBpmnFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && (e.name.endsWith('.bpmn') || e.name.endsWith('.dmn')))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}
