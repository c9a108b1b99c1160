import type { LintNode, LintRuleConfig } from './lint-node';

export type { LintNode } from './lint-node';

/** One finding of the linter: the rule that made it, the element it is about, and how bad it is. */
export interface LintProblem {
  rule: string;
  elementId?: string;
  message: string;
  severity: 'error' | 'warn';
}

/** What the Tongban rules need to know about the region: its departments (codes), when known. */
export interface TongbanLintOptions {
  /** Enabled department codes; when absent or empty, `tongban/known-department` checks nothing. */
  departments?: readonly string[];
  /** The form store's form ids; when absent, `tongban/known-form` checks nothing. */
  forms?: readonly string[];
}

/** The bpmnlint reporter handed to a rule's `check`. */
export interface LintReporter {
  report(id: string, message: string): void;
}

/** A bpmnlint rule: a factory taking the rule's configuration. */
export type LintRuleFactory = (config?: LintRuleConfig) => { check(node: LintNode, reporter: LintReporter): void | boolean };
