import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { INCIDENT_TYPES } from '@tongban/engine';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { caseScopeOf, IncidentService } from '@tongban/runtime';
import { IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { OwnedCase } from '../privacy/owned-case.guard';
import { paging, PagingQuery } from '../http/paging.dto';

export class IncidentQuery extends PagingQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  processInstanceId?: string;

  @ApiPropertyOptional({ enum: ['open', 'resolved'] }) @IsOptional() @IsIn(['open', 'resolved'])
  state?: 'open' | 'resolved';
}

export class ResolveIncidentDto {
  @ApiPropertyOptional({ description: 'retries of the new job of a job incident (the model\'s retries when absent)', minimum: 1 })
  @IsOptional() @IsInt() @Min(1)
  retries?: number;
}

export class IncidentDto {
  @ApiProperty() id: string;
  @ApiProperty() processInstanceId: string;
  @ApiProperty() elementId: string;
  @ApiProperty({ enum: INCIDENT_TYPES, example: 'JOB_RETRIES_EXHAUSTED', description: 'why the element stopped; STALLED: the instance waited with nothing that could wake it' }) type: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: ['open', 'resolved'] }) state: 'open' | 'resolved';
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the failed job of a JOB_RETRIES_EXHAUSTED incident' }) jobKey: string | null;
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentDto] }) items: IncidentDto[];
  @ApiProperty() total: number;
}

@ApiTags('incidents')
@ApiProtected()
@Controller('incidents')
export class IncidentController {
  constructor(private readonly incidents: IncidentService) {}

  @Get()
  @Access({ roles: ['admin', 'supervisor', 'integrator'], owns: 'integrator' })
  @ApiOperation({ summary: 'List incidents, newest first' })
  @ApiOkResponse({ type: IncidentPageDto })
  list(@Query() query: IncidentQuery, @CurrentPrincipal() principal: Principal): Promise<IncidentPageDto> {
    const scope = caseScopeOf(principal);
    return this.incidents.list({ processInstanceId: query.processInstanceId, state: query.state, ...(scope.kind === 'owner' && { owner: scope.owner }), ...paging(query) });
  }

  @Get(':id')
  @Access({ roles: ['admin', 'supervisor', 'integrator'], owns: 'integrator' })
  @ApiOperation({ summary: 'One incident' })
  @ApiOkResponse({ type: IncidentDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @OwnedCase('incident')
  get(@Param('id', IdParamPipe) id: string): Promise<IncidentDto> {
    return this.incidents.get(id);
  }

  @Post(':id/resolve')
  @Access({ roles: ['admin', 'supervisor', 'integrator'], owns: 'integrator' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve an incident: the element is retried (a job incident gets a new activatable job with the given retries)' })
  @ApiOkResponse({ type: IncidentDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'INCIDENT_NOT_OPEN or INSTANCE_SUSPENDED' })
  @OwnedCase('incident')
  resolve(@Param('id', IdParamPipe) id: string, @Body() body: ResolveIncidentDto, @CurrentPrincipal() principal: Principal): Promise<IncidentDto> {
    return this.incidents.resolve(id, body.retries, principal.name);
  }
}
