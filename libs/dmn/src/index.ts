/** @tongban/dmn: DMN decision tables and literal expressions, parsed, validated and evaluated; pure. */
export * from './model/decision-model';
export * from './dmn.errors';
export { DMN_LIMITS } from './parse/dmn-limits';
export { parseDmn } from './parse/dmn-document.parser';
export type { DmnFeel, DmnFeelResult } from './evaluate/dmn-feel.port';
export type { DecisionOutcome, EvaluatedDecision, MatchedRule } from './evaluate/decision-result';
export { evaluateDecision } from './evaluate/decision.evaluator';
