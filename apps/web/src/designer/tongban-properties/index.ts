import TongbanPropertiesProvider from './tongban-properties.provider';

/** bpmn-js module: the Tongban group of the properties panel (needs `config.tongbanProperties`). */
export default {
  __init__: ['tongbanPropertiesProvider'],
  tongbanPropertiesProvider: ['type', TongbanPropertiesProvider],
};
