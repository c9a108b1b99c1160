export { runCli, USAGE } from './cli';
export type { CliOutput } from './cli-context';
