/** The syntax tree of the JUEL subset Tongban translates (what Camunda 7 models use). */
export type JuelNode =
  | { kind: 'literal'; value: number | string | boolean | null }
  | { kind: 'name'; name: string }
  | { kind: 'member'; object: JuelNode; property: string }
  | { kind: 'index'; object: JuelNode; index: number }
  | { kind: 'binary'; op: JuelBinaryOp; left: JuelNode; right: JuelNode }
  | { kind: 'unary'; op: '-' | '!' | 'empty'; operand: JuelNode }
  | { kind: 'conditional'; test: JuelNode; then: JuelNode; else: JuelNode };

/** Binary operators, by their symbolic spelling (`eq` is read as `==`, `div` as `/`, …). */
export type JuelBinaryOp = '==' | '!=' | '<' | '>' | '<=' | '>=' | '&&' | '||' | '+' | '-' | '*' | '/' | '%';

/** The word operators of JUEL and the symbol each stands for. */
export const JUEL_WORD_OPERATORS: Record<string, JuelBinaryOp> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  and: '&&',
  or: '||',
  div: '/',
  mod: '%',
};
