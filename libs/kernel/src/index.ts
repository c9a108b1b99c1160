export * from './errors/domain.error';
export * from './config/runtime-config';
export * from './config/config.module';
export * from './access/actor';
export * from './regions/region-context';
