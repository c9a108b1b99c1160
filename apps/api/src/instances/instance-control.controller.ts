import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { InstanceControlService } from '@tongban/runtime';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { OwnedCase } from '../privacy/owned-case.guard';

export class InstanceControlDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'cancelled' }) state: string;
  @ApiProperty() suspended: boolean;
}

/** Operator control of running instances. */
@ApiTags('process-instances')
@ApiProtected()
@Controller('process-instances')
export class InstanceControlController {
  constructor(private readonly control: InstanceControlService) {}

  @Post(':id/cancel')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator' })
  @OwnedCase('instance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the instance: open tasks and jobs withdrawn, timers and subscriptions removed, called children cancelled' })
  @ApiOkResponse({ type: InstanceControlDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'INSTANCE_NOT_ACTIVE: the instance has ended' })
  cancel(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<InstanceControlDto> {
    return this.control.cancel(id, principal.name);
  }

  @Post(':id/suspend')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator' })
  @OwnedCase('instance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend the instance: task completion, job activation and results, messages and signals are refused with 409; timers wait' })
  @ApiOkResponse({ type: InstanceControlDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'INSTANCE_NOT_ACTIVE' })
  suspend(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<InstanceControlDto> {
    return this.control.suspend(id, principal.name);
  }

  @Post(':id/resume')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator' })
  @OwnedCase('instance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a suspended instance; timers that fell due meanwhile fire now' })
  @ApiOkResponse({ type: InstanceControlDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'INSTANCE_NOT_ACTIVE' })
  resume(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<InstanceControlDto> {
    return this.control.resume(id, principal.name);
  }
}
