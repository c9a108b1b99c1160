export * from './model/process-model';
export * from './bpmn.errors';
export { compileBpmn } from './compile/definitions.compiler';
export { feelSource } from './feel/feel-source.util';
export { checkFeel } from './feel/check-feel.util';
export { FEEL_EXTENSION_FUNCTIONS, type FeelExtensionFunction } from './feel/feel-extension-functions';
export { MAX_BPMN_BYTES } from './parse/bpmn-document.parser';
