import { unwrap, type TongbanClient } from '@tongban/client';
import type { CliOutput } from '../cli-context';

/** `tongban bundles savings <code> [--json]`: the bundle's savings report (fields asked once, materials exempted, visits and days saved). */
export async function bundleSavings(client: TongbanClient, code: string, options: { json?: boolean }, output: CliOutput): Promise<void> {
  const report: Record<string, unknown> = { ...unwrap(await client.GET('/api/v1/bundles/{code}/savings', { params: { path: { code } } })) };
  if (options.json) {
    output.out(JSON.stringify(report, null, 2));
    return;
  }
  output.out(`savings of bundle ${code}`);
  for (const [name, value] of Object.entries(report)) output.out(`  ${name}: ${Array.isArray(value) ? value.join(', ') || '-' : String(value)}`);
}
