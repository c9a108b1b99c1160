import { TongbanApiError, unwrap, type TongbanClient } from '@tongban/client';
import type { CliOutput } from '../cli-context';

/** `tongban instances list [--process key] [--state s] [--limit n]`: one line per instance, newest first as the server orders them. */
export async function listInstances(client: TongbanClient, filter: { process?: string; state?: string; limit?: number }, output: CliOutput): Promise<void> {
  const page = unwrap(await client.GET('/api/v1/process-instances', {
    params: { query: { ...(filter.process ? { processKey: filter.process } : {}), ...(filter.state ? { state: filter.state as never } : {}), limit: filter.limit ?? 50 } },
  }));
  for (const instance of page.items) {
    output.out([instance.id, `${instance.processKey} v${instance.version}`, instance.state, instance.businessKey ?? '-', instance.startedAt].join('\t'));
  }
  output.err(`${page.items.length} of ${page.total} instances`);
}

/** `tongban instances cancel <id…>`: cancels each; returns how many could not be cancelled. */
export async function cancelInstances(client: TongbanClient, ids: string[], output: CliOutput): Promise<number> {
  let failed = 0;
  for (const id of ids) {
    try {
      const cancelled = unwrap(await client.POST('/api/v1/process-instances/{id}/cancel', { params: { path: { id } } }));
      output.out(`${id}\t${cancelled.state}`);
    } catch (error) {
      failed++;
      output.err(`${id}: ${error instanceof TongbanApiError ? `${error.status} ${error.code}: ${error.message}` : (error as Error).message}`);
    }
  }
  return failed;
}
