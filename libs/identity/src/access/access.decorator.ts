import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AccessRule } from './access-rule';

export const ACCESS_RULE = 'tongban:access';

/**
 * States who may call the route and what of theirs it touches; the guard enforces it and the
 * OpenAPI document carries it as `x-access`, so the route × role matrix can be read from there.
 * A route without a rule is refused.
 */
export const Access = (rule: AccessRule): MethodDecorator =>
  applyDecorators(SetMetadata(ACCESS_RULE, rule), ApiExtension('x-access', rule)) as MethodDecorator;
