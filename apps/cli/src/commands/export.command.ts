import { writeFile } from 'node:fs/promises';
import { unwrap, type TongbanClient } from '@tongban/client';
import { UsageError, type CliOutput } from '../cli-context';

/** `tongban export <process> [--version N] [--out file]`: the BPMN XML of a deployed process (the latest version unless one is named). */
export async function exportProcess(client: TongbanClient, processKey: string, options: { version?: number; out?: string }, output: CliOutput): Promise<void> {
  const page = unwrap(await client.GET('/api/v1/process-definitions', { params: { query: { key: processKey, limit: 100 } } }));
  const definition = options.version === undefined ? page.items[0] : page.items.find((d) => d.version === options.version);
  if (!definition) throw new UsageError(`no deployed process ${processKey}${options.version === undefined ? '' : ` version ${options.version}`}`);
  const { xml } = unwrap(await client.GET('/api/v1/process-definitions/{id}', { params: { path: { id: definition.id } } }));
  if (options.out) {
    await writeFile(options.out, xml);
    output.err(`${processKey} v${definition.version} written to ${options.out}`);
  } else {
    output.out(xml);
  }
}
