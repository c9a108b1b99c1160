import { Global, Logger, Module } from '@nestjs/common';
import { unknownTongbanVariables } from './environment';
import { loadRuntimeConfig } from './runtime-config';

/** Injection token of the validated `RuntimeConfig`. */
export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');

/** Validates the environment once per application, warns about unknown `TONGBAN_*` variables, and shares the result. */
@Global()
@Module({
  providers: [{ provide: RUNTIME_CONFIG, useFactory: () => {
    const config = loadRuntimeConfig();
    for (const name of unknownTongbanVariables(process.env)) Logger.warn(`${name} is not a Tongban setting and is ignored (a typo? see the README's configuration table)`, 'Config');
    return config;
  } }],
  exports: [RUNTIME_CONFIG],
})
export class ConfigModule {}
