import { Body, Controller, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { InstanceVariablesService } from '@tongban/runtime';
import { IsNumberString, IsObject, IsOptional } from 'class-validator';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { OwnedCase } from '../privacy/owned-case.guard';

export class SetVariablesDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { amount: 500 } })
  @IsObject()
  variables: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'element instance key of the scope to set the variables in; the process scope when absent', example: '7' })
  @IsOptional() @IsNumberString()
  scopeKey?: string;
}

export class InstanceVariablesDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'incident' }) state: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the process-scope variables after the change' }) variables: Record<string, unknown>;
}

/**
 * Operator change of a running instance's variables, Camunda style: the given variables are merged
 * into the scope (others are kept). The usual use is fixing the data an incident was raised on
 * (a gateway without a matching condition, a FEEL error) and then resolving the incident.
 * Admins and integrators only: supervisors watch, clerks change data by completing their tasks.
 */
@ApiTags('process-instances')
@ApiProtected()
@Controller('process-instances')
export class InstanceVariablesController {
  constructor(private readonly variables: InstanceVariablesService) {}

  @Patch(':id/variables')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator', personalData: true })
  @OwnedCase('instance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set variables of a running instance (merged into the process scope or the element instance scopeKey); open incidents stay open until resolved' })
  @ApiOkResponse({ type: InstanceVariablesDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'no such instance, or no active scope scopeKey' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'INSTANCE_NOT_ACTIVE or INSTANCE_SUSPENDED' })
  patch(@Param('id', IdParamPipe) id: string, @Body() body: SetVariablesDto, @CurrentPrincipal() principal: Principal): Promise<InstanceVariablesDto> {
    return this.variables.set(id, body.variables, body.scopeKey, principal.name);
  }

  @Put(':id/variables')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator', personalData: true })
  @OwnedCase('instance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as PATCH: the given variables are merged, variables not named are kept (Camunda 8 `PUT …/variables`)' })
  @ApiOkResponse({ type: InstanceVariablesDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'INSTANCE_NOT_ACTIVE or INSTANCE_SUSPENDED' })
  put(@Param('id', IdParamPipe) id: string, @Body() body: SetVariablesDto, @CurrentPrincipal() principal: Principal): Promise<InstanceVariablesDto> {
    return this.variables.set(id, body.variables, body.scopeKey, principal.name);
  }
}
