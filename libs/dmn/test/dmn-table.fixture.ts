import { evaluateUnaryTests, evaluateFeel } from './plain-feel.fixture';
import type { DmnFeel } from '../src';

/** A decision table written compactly, as the DMN 1.3 specification's hit policy examples show them. */
export interface TableSpec {
  id: string;
  hitPolicy?: string;
  aggregation?: string;
  inputs: string[];
  outputs: Array<string | { name: string; values: string }>;
  rules: string[][];
  requires?: string[];
}

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The DMN 1.3 XML of one or more decision tables (rule cells: inputs then outputs). */
export function dmnXml(tables: TableSpec[], namespace = 'https://www.omg.org/spec/DMN/20191111/MODEL/'): string {
  const decisions = tables.map((t) => {
    const requirements = (t.requires ?? []).map((r, i) => `<informationRequirement id="${t.id}_ir${i}"><requiredDecision href="#${r}"/></informationRequirement>`).join('');
    const inputs = t.inputs.map((expr, i) => `<input id="${t.id}_in${i}" label="${esc(expr)}"><inputExpression id="${t.id}_ie${i}" typeRef="string"><text>${esc(expr)}</text></inputExpression></input>`).join('');
    const outputs = t.outputs.map((o, i) => {
      const name = typeof o === 'string' ? o : o.name;
      const values = typeof o === 'string' ? '' : `<outputValues id="${t.id}_ov${i}"><text>${esc(o.values)}</text></outputValues>`;
      return `<output id="${t.id}_out${i}" name="${name}" typeRef="string">${values}</output>`;
    }).join('');
    const rules = t.rules.map((cells, r) => {
      const ins = cells.slice(0, t.inputs.length).map((c, i) => `<inputEntry id="${t.id}_r${r + 1}_i${i}"><text>${esc(c)}</text></inputEntry>`).join('');
      const outs = cells.slice(t.inputs.length).map((c, i) => `<outputEntry id="${t.id}_r${r + 1}_o${i}"><text>${esc(c)}</text></outputEntry>`).join('');
      return `<rule id="${t.id}_r${r + 1}">${ins}${outs}</rule>`;
    }).join('');
    const policy = t.hitPolicy ? ` hitPolicy="${t.hitPolicy}"` : '';
    const aggregation = t.aggregation ? ` aggregation="${t.aggregation}"` : '';
    return `<decision id="${t.id}" name="${t.id}">${requirements}<decisionTable id="${t.id}_table"${policy}${aggregation}>${inputs}${outputs}${rules}</decisionTable></decision>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="${namespace}" id="drg" name="drg" namespace="http://tongban.test">${decisions}</definitions>`;
}

/** A FEEL port over plain feelin, for the unit tests of libs/dmn (the engine passes its sandboxed one). */
export const plainFeel: DmnFeel = {
  expression: (text, variables) => evaluateFeel(text, variables),
  unaryTest: (text, input, variables) => evaluateUnaryTests(text, input, variables),
};
