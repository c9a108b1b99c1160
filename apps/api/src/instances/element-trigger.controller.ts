import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ElementTriggerService } from '@tongban/runtime';
import { IsObject, IsOptional } from 'class-validator';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { ElementIdPipe } from '../http/element-id-param.pipe';
import { IdParamPipe } from '../http/id-param.pipe';
import { OwnedCase } from '../privacy/owned-case.guard';

export class TriggerElementDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { paid: true }, description: 'merged into the instance as a task completion’s variables are' })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;
}

export class TriggerElementResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'active' }) state: string;
}

/**
 * Triggering a plain wait state: a receive task without a message, which Camunda 7 models use as a
 * wait state moved on by `signal`. Admins and integrators, as for the other instance commands.
 */
@ApiTags('process-instances')
@ApiProtected()
@Controller('process-instances')
export class ElementTriggerController {
  constructor(private readonly triggers: ElementTriggerService) {}

  @Post(':id/elements/:elementId/trigger')
  @HttpCode(200)
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator' })
  @OwnedCase('instance')
  @ApiOperation({ summary: 'Trigger the receive task without a message waiting at elementId (Camunda 7 signal); the earliest waiting one moves on' })
  @ApiOkResponse({ type: TriggerElementResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'the element id or the variables are malformed' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'no such instance' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'ELEMENT_NOT_WAITING (nothing waits there), INSTANCE_NOT_ACTIVE or INSTANCE_SUSPENDED' })
  trigger(
    @Param('id', IdParamPipe) id: string,
    @Param('elementId', ElementIdPipe) elementId: string,
    @Body() body: TriggerElementDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TriggerElementResponseDto> {
    return this.triggers.trigger(id, elementId, body.variables, principal.name);
  }
}
