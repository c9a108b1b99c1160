/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements of bpmn-moddle and bpmn-js are untyped; the rules read them through this one loose type */
/** The slice of a moddle element the lint rules read (bpmn-moddle on the server, bpmn-js in the browser). */
export interface LintNode {
  $type: string;
  id?: string;
  $parent?: LintNode;
  $attrs?: Record<string, string>;
  get?(name: string): unknown;
  [key: string]: any;
}

/** The options a rule factory receives from its configuration entry. */
export type LintRuleConfig = any;
