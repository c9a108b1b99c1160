import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueKey } from './test-app';

/** A BPMN fixture of `test/fixtures`, its process id replaced by a key unique to the test. */
export function fixture(name: string, processId: string = name): { key: string; xml: string } {
  const key = uniqueKey(processId);
  const xml = readFileSync(join(__dirname, '..', 'fixtures', `${name}.bpmn`), 'utf8').replace(`id="${processId}"`, `id="${key}"`);
  return { key, xml };
}
