import tongbanModdleDescriptor from './moddle/tongban.json';

/**
 * The browser-safe entry of `@tongban/bpmn` (`@tongban/bpmn/browser`): the `tongban:` moddle
 * descriptor, for bpmn-js `moddleExtensions`, and the lint configuration the server checks
 * deployments with, for bpmn-js-bpmnlint — without the compiler's Node and bpmn-moddle imports.
 */
export { tongbanModdleDescriptor };
export { tongbanLintConfig, TONGBAN_LINT_RULES, type PackedLintConfig } from './lint/tongban-lint.config';
export { linkSequenceFlows } from './lint/sequence-flow-links.util';
export type { LintProblem, TongbanLintOptions } from './lint/lint.types';
