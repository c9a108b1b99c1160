export * from './engine.types';
export * from './engine.errors';
