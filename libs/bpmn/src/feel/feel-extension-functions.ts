/**
 * Camunda 8 FEEL extension functions feelin does not provide, which libs/engine supplies to every
 * evaluation. Names with spaces must be known to the parser, so checkFeel parses with them too.
 * (`uuid()` and `random number()` are left out: the engine is deterministic.)
 */
export const FEEL_EXTENSION_FUNCTIONS = ['is defined', 'get or else', 'is empty', 'is blank', 'trim', 'partition', 'duplicate values'] as const;

export type FeelExtensionFunction = (typeof FEEL_EXTENSION_FUNCTIONS)[number];
