import { DmnModdle, type DmnElement } from 'dmn-moddle';
import { DmnRefusal, type DmnProblem } from '../dmn.errors';
import type { Aggregation, DecisionDefinition, DecisionSet, DecisionTable, HitPolicy, LiteralExpression, TableRule } from '../model/decision-model';
import { DMN_LIMITS } from './dmn-limits';
import { asDmn13 } from './dmn-namespace.normalizer';
import { checkRequirements } from './requirement.checker';
import { expressionSyntaxError, unaryTestsSyntaxError } from './feel-syntax.check';

const HIT_POLICIES = new Set<string>(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);
const AGGREGATIONS = new Set<string>(['SUM', 'MIN', 'MAX', 'COUNT']);
const FEEL_LANGUAGES = new Set<string>(['feel', 'https://www.omg.org/spec/DMN/20191111/FEEL/', 'http://www.omg.org/spec/DMN/20180521/FEEL/', 'http://www.omg.org/spec/FEEL/20140401']);

let moddle: DmnModdle | undefined;

/**
 * Reads a DMN 1.1/1.2/1.3 document into a validated DecisionSet, or throws a DmnRefusal naming every
 * decision, rule and cell that cannot run: unparseable FEEL, an unsupported hit policy or aggregation,
 * a missing required decision or a requirement cycle, logic other than a decision table or a literal
 * expression, or more rules or cells than DMN_LIMITS allows.
 */
export async function parseDmn(xml: string): Promise<DecisionSet> {
  if (xml.length > DMN_LIMITS.xmlChars) throw new DmnRefusal([{ elementId: 'definitions', message: `the document has more than ${DMN_LIMITS.xmlChars} characters` }]);
  moddle ??= new DmnModdle();
  let parsed;
  try {
    parsed = await moddle.fromXML(asDmn13(xml), 'dmn:Definitions');
  } catch (error) {
    throw new DmnRefusal([{ elementId: 'definitions', message: `not a DMN document: ${(error as Error).message}` }]);
  }
  const problems: DmnProblem[] = parsed.warnings.map((w) => ({ elementId: w.element?.id ?? 'definitions', message: w.message }));
  const root = parsed.rootElement;
  const elements: DmnElement[] = root.drgElement ?? [];
  const decisions = elements.filter((e) => e.$type === 'dmn:Decision');
  if (decisions.length === 0) problems.push({ elementId: root.id ?? 'definitions', message: 'the document has no decision' });
  if (decisions.length > DMN_LIMITS.decisions) problems.push({ elementId: root.id ?? 'definitions', message: `the document has more than ${DMN_LIMITS.decisions} decisions` });
  const read = decisions.map((decision) => readDecision(decision, problems));
  problems.push(...checkRequirements(read));
  if (problems.length > 0) throw new DmnRefusal(problems);
  return { id: root.id ?? '', name: root.name ?? root.id ?? '', decisions: read };
}

function readDecision(decision: DmnElement, problems: DmnProblem[]): DecisionDefinition {
  const id = decision.id ?? '';
  const requires = (decision.informationRequirement ?? [])
    .map((requirement: DmnElement) => requirement.requiredDecision?.href as string | undefined)
    .filter((href: string | undefined): href is string => !!href)
    .map((href: string) => href.replace(/^#/, ''));
  const logic = decision.decisionLogic as DmnElement | undefined;
  const base = { id, name: decision.name ?? id, requires };
  if (logic?.$type === 'dmn:DecisionTable') return { ...base, logic: readTable(id, logic, problems) };
  if (logic?.$type === 'dmn:LiteralExpression') return { ...base, logic: readLiteral(decision, logic, problems) };
  problems.push({ elementId: id, message: logic ? `decision logic ${logic.$type.replace('dmn:', '')} is not supported (decision tables and literal expressions are)` : 'the decision has no decision logic' });
  return { ...base, logic: { kind: 'literal', id, variableName: id, text: 'null' } };
}

function readLiteral(decision: DmnElement, logic: DmnElement, problems: DmnProblem[]): LiteralExpression {
  const id = logic.id ?? decision.id;
  const text = (logic.text ?? '').trim();
  checkLanguage(id, logic.expressionLanguage, problems);
  const error = text === '' ? 'the literal expression is empty' : expressionSyntaxError(text);
  if (error) problems.push({ elementId: id, message: error });
  return { kind: 'literal', id, variableName: decision.variable?.name ?? decision.id, text };
}

function readTable(decisionId: string, table: DmnElement, problems: DmnProblem[]): DecisionTable {
  const id = table.id ?? decisionId;
  const hitPolicy = (table.hitPolicy ?? 'UNIQUE') as string;
  const aggregation = table.aggregation as string | undefined;
  if (!HIT_POLICIES.has(hitPolicy)) problems.push({ elementId: decisionId, message: `hit policy "${hitPolicy}" is not supported (UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER, OUTPUT ORDER are)` });
  if (aggregation !== undefined && (hitPolicy !== 'COLLECT' || !AGGREGATIONS.has(aggregation))) {
    problems.push({ elementId: decisionId, message: `aggregation "${aggregation}" is not supported with hit policy ${hitPolicy} (COLLECT takes SUM, MIN, MAX or COUNT)` });
  }
  const inputs = (table.input ?? []).map((input: DmnElement) => {
    const expression = (input.inputExpression?.text ?? '').trim();
    checkLanguage(input.id, input.inputExpression?.expressionLanguage, problems);
    const error = expression === '' ? 'the input expression is empty' : expressionSyntaxError(expression);
    if (error) problems.push({ elementId: input.id, message: `input expression: ${error}` });
    const values = (input.inputValues?.text ?? '').trim();
    const valuesError = values === '' ? undefined : unaryTestsSyntaxError(values);
    if (valuesError) problems.push({ elementId: input.id, message: `input values: ${valuesError}` });
    return { id: input.id, label: input.label, expression, ...(values !== '' ? { values } : {}) };
  });
  const outputs = (table.output ?? []).map((output: DmnElement, index: number) => {
    const values = output.outputValues?.text ? splitList(output.outputValues.text) : undefined;
    for (const value of values ?? []) {
      const error = expressionSyntaxError(value);
      if (error) problems.push({ elementId: output.id, message: `output values: ${error}` });
    }
    return { id: output.id, name: output.name ?? (table.output.length === 1 ? decisionId : `output${index + 1}`), label: output.label, values };
  });
  if (outputs.length === 0) problems.push({ elementId: decisionId, message: 'the decision table has no output' });
  if (aggregation && outputs.length > 1) problems.push({ elementId: decisionId, message: `aggregation ${aggregation} needs exactly one output, the table has ${outputs.length}` });
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !outputs.some((o: { values?: string[] }) => o.values?.length)) {
    problems.push({ elementId: decisionId, message: `hit policy ${hitPolicy} needs output values giving the priority order` });
  }
  const rules = readRules(decisionId, table.rule ?? [], inputs.length, outputs.length, problems);
  return { kind: 'table', id, hitPolicy: hitPolicy as HitPolicy, aggregation: aggregation as Aggregation | undefined, inputs, outputs, rules };
}

function readRules(decisionId: string, rules: DmnElement[], inputCount: number, outputCount: number, problems: DmnProblem[]): TableRule[] {
  if (rules.length > DMN_LIMITS.rules) problems.push({ elementId: decisionId, message: `the decision table has ${rules.length} rules, more than the limit of ${DMN_LIMITS.rules}` });
  const cells = rules.length * (inputCount + outputCount);
  if (cells > DMN_LIMITS.cells) problems.push({ elementId: decisionId, message: `the decision table has ${cells} cells, more than the limit of ${DMN_LIMITS.cells}` });
  if (rules.length > DMN_LIMITS.rules || cells > DMN_LIMITS.cells) return [];
  return rules.map((rule) => {
    const inputEntries = (rule.inputEntry ?? []).map((entry: DmnElement) => ({ id: entry.id, text: (entry.text ?? '').trim() }));
    const outputEntries = (rule.outputEntry ?? []).map((entry: DmnElement) => ({ id: entry.id, text: (entry.text ?? '').trim() }));
    if (inputEntries.length !== inputCount || outputEntries.length !== outputCount) {
      problems.push({ elementId: rule.id, message: `rule has ${inputEntries.length} input and ${outputEntries.length} output entries, the table has ${inputCount} inputs and ${outputCount} outputs` });
    }
    for (const entry of inputEntries) {
      const error = unaryTestsSyntaxError(entry.text);
      if (error) problems.push({ elementId: entry.id, message: `input entry of rule ${rule.id}: ${error}` });
    }
    for (const entry of outputEntries) {
      const error = entry.text === '' ? undefined : expressionSyntaxError(entry.text);
      if (error) problems.push({ elementId: entry.id, message: `output entry of rule ${rule.id}: ${error}` });
    }
    return { id: rule.id, inputEntries, outputEntries };
  });
}

function checkLanguage(elementId: string, language: string | undefined, problems: DmnProblem[]): void {
  if (language && !FEEL_LANGUAGES.has(language.toLowerCase()) && !FEEL_LANGUAGES.has(language)) {
    problems.push({ elementId, message: `expression language "${language}" is not supported (only FEEL is)` });
  }
}

/** `"a","b", "c"` → the items of a comma-separated list of literals, commas inside quotes kept. */
function splitList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      items.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim() !== '') items.push(current.trim());
  return items;
}
