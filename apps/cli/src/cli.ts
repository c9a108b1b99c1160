import { parseArgs } from 'node:util';
import { TongbanApiError } from '@tongban/client';
import { connect, UsageError, type CliOutput, type Connection } from './cli-context';
import { bundleSavings } from './commands/bundles.command';
import { deploy } from './commands/deploy.command';
import { exportProcess } from './commands/export.command';
import { cancelInstances, listInstances } from './commands/instances.command';

export const USAGE = `usage: tongban <command> [options]

commands:
  deploy <dir|files…>              deploy BPMN/DMN files, or a whole workflows folder (catalogue, decisions, processes, bundles)
  export <process> [--version N] [--out file]
                                   the BPMN XML of a deployed process (latest version by default)
  instances list [--process key] [--state active|completed|cancelled|incident] [--limit N]
  instances cancel <id…>
  bundles savings <code> [--json]  a bundle's savings report

connection (flags win over the environment):
  --url URL            TONGBAN_URL       e.g. http://localhost:3000
  --api-key KEY        TONGBAN_API_KEY   a system API key
  --token JWT          TONGBAN_TOKEN     a staff access token
  --username / --password  TONGBAN_USERNAME / TONGBAN_PASSWORD  a staff account (deploying needs a designer or admin)`;

const OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  token: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  version: { type: 'string' },
  out: { type: 'string' },
  process: { type: 'string' },
  state: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one CLI invocation; resolves to the exit code (0 done, 1 something failed, 2 a usage mistake). */
export async function runCli(argv: string[], env: Record<string, string | undefined>, output: CliOutput): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help || positionals.length === 0) {
      output.out(USAGE);
      return values.help ? 0 : 2;
    }
    const connection: Connection = {
      url: values.url ?? env.TONGBAN_URL,
      apiKey: values['api-key'] ?? env.TONGBAN_API_KEY,
      token: values.token ?? env.TONGBAN_TOKEN,
      username: values.username ?? env.TONGBAN_USERNAME,
      password: values.password ?? env.TONGBAN_PASSWORD,
    };
    const [command, ...rest] = positionals;
    switch (command) {
      case 'deploy': {
        if (rest.length === 0) throw new UsageError('deploy needs a folder or files');
        const summary = await deploy(await connect(connection), rest, output);
        return summary.failed === 0 ? 0 : 1;
      }
      case 'export': {
        if (rest.length !== 1) throw new UsageError('export needs exactly one process key');
        await exportProcess(await connect(connection), rest[0], { version: integer(values.version, '--version'), out: values.out }, output);
        return 0;
      }
      case 'instances': {
        if (rest[0] === 'list') {
          await listInstances(await connect(connection), { process: values.process, state: values.state, limit: integer(values.limit, '--limit') }, output);
          return 0;
        }
        if (rest[0] === 'cancel') {
          if (rest.length < 2) throw new UsageError('instances cancel needs instance ids');
          return (await cancelInstances(await connect(connection), rest.slice(1), output)) === 0 ? 0 : 1;
        }
        throw new UsageError('instances takes list or cancel');
      }
      case 'bundles': {
        if (rest[0] !== 'savings' || rest.length !== 2) throw new UsageError('bundles savings needs a bundle code');
        await bundleSavings(await connect(connection), rest[1], { json: values.json }, output);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`tongban: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof TongbanApiError) {
      output.err(`tongban: ${error.status} ${error.code}: ${error.message}`);
      return 1;
    }
    output.err(`tongban: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  }
}

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} must be a positive whole number, not ${text}`);
  return value;
}
