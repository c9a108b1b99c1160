import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiForbiddenResponse, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** The body of every error response. */
export class ApiErrorDto {
  @ApiProperty({ example: 409 }) statusCode: number;
  @ApiProperty({ example: 'CONFLICT', description: 'machine-readable error code' }) code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'e.g. `problems` of a refused BPMN document' })
  details?: Record<string, unknown>;
}

/** A controller whose routes need a staff JWT or a system API key. */
export function ApiProtected(): ClassDecorator {
  return applyDecorators(
    ApiBearerAuth('bearer'),
    ApiSecurity('api-key'),
    ApiBadRequestResponse({ type: ApiErrorDto, description: 'Malformed JSON or invalid fields' }),
    ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'No or invalid credentials' }),
    ApiForbiddenResponse({ type: ApiErrorDto, description: 'The role or department does not allow this' }),
  ) as ClassDecorator;
}
