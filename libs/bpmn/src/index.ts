export * from './model/process-model';
export * from './bpmn.errors';
export { compileBpmn } from './compile/definitions.compiler';
export { feelSource } from './feel/feel-source.util';
export { checkFeel } from './feel/check-feel.util';
export { MAX_BPMN_BYTES } from './parse/bpmn-document.parser';
