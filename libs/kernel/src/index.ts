export * from './errors/domain.error';
export * from './config/runtime-config';
export * from './config/config.module';
export * from './config/environment';
export * from './access/actor';
export * from './metrics/metrics';
export * from './tracing/tracing';
