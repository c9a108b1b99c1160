import { runCli } from './cli';

/** `npx tongban …`: the command line client of the Tongban REST API. */
void runCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
