import { readFileSync } from 'fs';
import * as path from 'path';

const NAMESPACES = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
  'xmlns:tongban="http://tongban.dev/schema/bpmn"',
].join(' ');
const CAMUNDA_NAMESPACES = NAMESPACES.replace('xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"', 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"');

/** A definitions document with one executable process `p` around the given body (zeebe dialect, or camunda). */
export function processXml(body: string, options: { dialect?: 'zeebe' | 'camunda'; roots?: string } = {}): string {
  const namespaces = options.dialect === 'camunda' ? CAMUNDA_NAMESPACES : NAMESPACES;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${namespaces} id="defs" targetNamespace="http://tongban.dev/test">
  ${options.roots ?? ''}
  <bpmn:process id="p" isExecutable="true">
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}

/** A `.bpmn` fixture from libs/bpmn/test/fixtures. */
export function fixture(name: string): string {
  return readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
}
