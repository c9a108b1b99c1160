export * from './engine.types';
export * from './engine.errors';
export { engine } from './engine';
