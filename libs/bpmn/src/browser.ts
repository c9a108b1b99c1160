import tongbanModdleDescriptor from './moddle/tongban.json';

/**
 * The browser-safe entry of `@tongban/bpmn` (`@tongban/bpmn/browser`): the `tongban:` moddle
 * descriptor, for bpmn-js `moddleExtensions`, without the compiler's Node and bpmn-moddle imports.
 */
export { tongbanModdleDescriptor };
