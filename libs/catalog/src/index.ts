export * from './catalog.errors';
export * from './catalog/catalog.types';
export * from './catalog/parse-catalog';
export * from './catalog/load-catalog';
export * from './form/merge-form';
export * from './form/validate-form';
export * from './form/code-checks';
