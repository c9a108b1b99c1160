import { tongbanModdleDescriptor as tongban } from '@tongban/bpmn/browser';

/** The `tongban:` moddle extension shared with the server (`libs/bpmn`), for bpmn-js `moddleExtensions`. */
export const TONGBAN_MODDLE_EXTENSIONS = { tongban };

/** The departments of the demo catalogue, offered when a task's department is set. */
export const KNOWN_DEPARTMENTS = [
  'market-regulation', 'city-appearance', 'fire-rescue', 'health', 'public-security', 'medical-insurance', 'human-resources',
  'transport', 'tax', 'housing-fund', 'housing-construction', 'education', 'civil-affairs', 'development-reform', 'disabled-persons-federation',
  'power-supply', 'water-supply', 'gas-supply',
];
