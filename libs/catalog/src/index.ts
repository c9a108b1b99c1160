export * from './catalog.errors';
export * from './catalog/catalog.types';
export * from './catalog/parse-catalog';
export * from './catalog/load-catalog';
