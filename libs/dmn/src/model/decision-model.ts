/** A deployed DMN document read into plain data: its decisions, their logic and their requirements. */

/** The hit policies of a decision table (DMN 1.3, section 8.2.11). */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** The aggregation of a COLLECT table. */
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** One input column: the expression giving the value the rules test. */
export interface TableInput {
  id: string;
  label?: string;
  expression: string;
  /** The allowed input values as FEEL unary tests (`"Business","Private"`); documentation for the designer, checked for syntax. */
  values?: string;
}

/** One output column: its name in the result and, when given, the ordered allowed values. */
export interface TableOutput {
  id: string;
  name: string;
  label?: string;
  /** The output values in priority order (PRIORITY, OUTPUT ORDER), as FEEL expressions. */
  values?: string[];
}

/** One cell of a rule. */
export interface RuleEntry {
  id: string;
  text: string;
}

/** One row of a decision table. */
export interface TableRule {
  id: string;
  inputEntries: RuleEntry[];
  outputEntries: RuleEntry[];
}

/** A decision table. */
export interface DecisionTable {
  kind: 'table';
  id: string;
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: TableInput[];
  outputs: TableOutput[];
  rules: TableRule[];
}

/** A decision whose logic is one FEEL expression. */
export interface LiteralExpression {
  kind: 'literal';
  id: string;
  variableName: string;
  text: string;
}

/** One decision of a DRG. */
export interface DecisionDefinition {
  id: string;
  name: string;
  /** Ids of the decisions this one requires, evaluated before it. */
  requires: string[];
  logic: DecisionTable | LiteralExpression;
}

/** The decisions of one DMN document. */
export interface DecisionSet {
  id: string;
  name: string;
  decisions: DecisionDefinition[];
}
