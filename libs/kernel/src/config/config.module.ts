import { Global, Module } from '@nestjs/common';
import { loadRuntimeConfig } from './runtime-config';

/** Injection token of the validated `RuntimeConfig`. */
export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');

/** Validates the environment once per application and shares the result. */
@Global()
@Module({
  providers: [{ provide: RUNTIME_CONFIG, useFactory: () => loadRuntimeConfig() }],
  exports: [RUNTIME_CONFIG],
})
export class ConfigModule {}
