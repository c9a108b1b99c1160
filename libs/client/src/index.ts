export * from './tongban-client';
export * from './job-worker';
export type { components, operations, paths } from './openapi.types';
