import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { TongbanApiError, unwrap, type TongbanClient } from '@tongban/client';
import type { CliOutput } from '../cli-context';

/** One thing to deploy, in the order a workflows folder needs: the catalogue, decisions, processes, bundles. */
interface DeployStep {
  label: string;
  run(): Promise<string>;
}

type CatalogKind = 'fields' | 'certificate-types' | 'items';

/** What came of a deploy run. */
export interface DeploySummary {
  deployed: number;
  unchanged: number;
  failed: number;
}

/**
 * `tongban deploy <dir|files…>`: BPMN and DMN files become deployments (one per file); a workflows
 * folder (`catalog/*.json`, `forms/*.form`, `decisions/`, `processes/`, `bundles/<code>.json` + `.bpmn`) is deployed
 * whole — catalogue entries and bundles the server does not have are added, each bundle's process
 * set from its file and deployed. One progress line per step on stderr, a summary at the end.
 */
export async function deploy(client: TongbanClient, paths: string[], output: CliOutput): Promise<DeploySummary> {
  const steps: DeployStep[] = [];
  for (const path of paths) steps.push(...(await stepsFor(client, path)));
  const summary: DeploySummary = { deployed: 0, unchanged: 0, failed: 0 };
  const width = String(steps.length).length;
  for (const [index, step] of steps.entries()) {
    const prefix = `[${String(index + 1).padStart(width)}/${steps.length}] ${step.label}`;
    try {
      const result = await step.run();
      if (result.startsWith('unchanged')) summary.unchanged++;
      else summary.deployed++;
      output.err(`${prefix}: ${result}`);
    } catch (error) {
      summary.failed++;
      output.err(`${prefix}: FAILED ${describe(error)}`);
    }
  }
  output.out(`deployed ${summary.deployed}, unchanged ${summary.unchanged}, failed ${summary.failed} (${steps.length} in all)`);
  return summary;
}

function describe(error: unknown): string {
  if (error instanceof TongbanApiError) return `${error.status} ${error.code}: ${error.message}`;
  return (error as Error)?.message ?? String(error);
}

async function stepsFor(client: TongbanClient, path: string): Promise<DeployStep[]> {
  if (!(await stat(path)).isDirectory()) return [resourceStep(client, path, basename(path))];
  const steps: DeployStep[] = [];
  for (const kind of ['fields', 'certificate-types', 'items'] as const) {
    const file = join(path, 'catalog', `${kind}.json`);
    if (await exists(file)) {
      const entries = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>[];
      for (const entry of entries) steps.push(catalogStep(client, kind, entry));
    }
  }
  const files = await filesUnder(path);
  const bundleDir = join(path, 'bundles');
  for (const file of files.filter((f) => f.endsWith('.form'))) steps.push(formStep(client, file, relative(path, file)));
  for (const file of files.filter((f) => f.endsWith('.dmn') && !f.startsWith(bundleDir))) steps.push(resourceStep(client, file, relative(path, file)));
  for (const file of files.filter((f) => f.endsWith('.bpmn') && !f.startsWith(bundleDir))) steps.push(resourceStep(client, file, relative(path, file)));
  for (const file of files.filter((f) => f.startsWith(bundleDir) && f.endsWith('.json'))) steps.push(bundleStep(client, file));
  return steps;
}

/** A form-js schema (`forms/<id>.form`) saved as a form version before the processes linking it deploy. */
function formStep(client: TongbanClient, file: string, name: string): DeployStep {
  return {
    label: name,
    async run() {
      const schema = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      const saved = unwrap(await client.POST('/api/v1/forms', { body: { name: basename(file, '.form'), schema } }));
      return saved.created ? `saved ${saved.formId} v${saved.version}` : `unchanged ${saved.formId} v${saved.version}`;
    },
  };
}

/** A BPMN or DMN file as one deployment. */
function resourceStep(client: TongbanClient, file: string, name: string): DeployStep {
  return {
    label: name,
    async run() {
      const deployed = unwrap(await client.POST('/api/v1/deployments', { body: { resources: [{ name: basename(file), content: await readFile(file, 'utf8') }] } }));
      const versions = [...(deployed.decisions ?? []), ...deployed.processes].map((p) => `${p.key} v${p.version}`);
      return versions.length > 0 ? `deployed ${versions.join(', ')}` : 'deployed (no executable process)';
    },
  };
}

/** The identifying property of each catalogue kind. */
const CATALOG_ID: Record<CatalogKind, string> = { fields: 'key', 'certificate-types': 'type', items: 'code' };

/**
 * Properties of the shipped files the REST API does not take: `source` documents where a time limit
 * comes from, `autoApproval` (秒办) is the catalogue seeder's to set.
 */
const FILE_ONLY = ['source', 'autoApproval'];

/** A catalogue entry the server does not have yet is added; one it has is left as it is. */
function catalogStep(client: TongbanClient, kind: CatalogKind, entry: Record<string, unknown>): DeployStep {
  const id = String(entry[CATALOG_ID[kind]]);
  return {
    label: `catalog ${kind} ${id}`,
    async run() {
      const found = await client.GET(`/api/v1/catalog/${kind}/{${CATALOG_ID[kind]}}` as '/api/v1/catalog/items/{code}', { params: { path: { code: id, key: id, type: id } as never } });
      if (found.response.ok) return 'unchanged (exists)';
      const body = Object.fromEntries(Object.entries(entry).filter(([name]) => !FILE_ONLY.includes(name)));
      const created = await client.POST(`/api/v1/catalog/${kind}`, { body: body as never });
      if (created.response.status === 409) return 'unchanged (exists)';
      unwrap(created);
      return entry.autoApproval ? 'added (its automatic approval is set by the catalogue seeder)' : 'added';
    },
  };
}

/** A bundle: added when new, its process replaced from `<code>.bpmn` when that file exists, then deployed. */
function bundleStep(client: TongbanClient, file: string): DeployStep {
  const code = basename(file, '.json');
  return {
    label: `bundle ${code}`,
    async run() {
      const bundle = JSON.parse(await readFile(file, 'utf8')) as { code: string; name: string; items: string[] };
      const created = await client.POST('/api/v1/bundles', { body: bundle });
      if (created.response.status !== 409) unwrap(created);
      const bpmnFile = file.replace(/\.json$/, '.bpmn');
      if (await exists(bpmnFile)) unwrap(await client.PUT('/api/v1/bundles/{code}/bpmn', { params: { path: { code: bundle.code } }, body: { bpmnXml: await readFile(bpmnFile, 'utf8') } }));
      const deployed = unwrap(await client.POST('/api/v1/bundles/{code}/deploy', { params: { path: { code: bundle.code } } })) as unknown as { version?: number } | undefined;
      return `${created.response.status === 409 ? 'updated' : 'added'} and deployed${deployed?.version ? ` v${deployed.version}` : ''}`;
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).sort();
}
