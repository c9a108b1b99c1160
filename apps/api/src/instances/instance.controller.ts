import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { StepViewService } from '@tongban/catalog';
import { Access, assertScope, assertScopedFilter, CurrentPrincipal, isScopeLimited, type Principal } from '@tongban/identity';
import { IdempotentStartService, InstanceService, isConfinedToDepartment, ownerOf } from '@tongban/runtime';
import type { Response } from 'express';
import { IdParamPipe } from '../http/id-param.pipe';
import { paging } from '../http/paging.dto';
import { HistoryDto, InstanceDetailDto, InstanceDto, InstancePageDto, InstanceQuery, StartInstanceDto } from './instance.dto';
import { ApiProtected } from '../http/api-docs.decorators';
import { CASE_READERS } from '../privacy/case-readers';
import { OwnedCase } from '../privacy/owned-case.guard';

@ApiTags('process-instances')
@ApiProtected()
@Controller('process-instances')
export class InstanceController {
  constructor(
    private readonly instances: InstanceService,
    private readonly idempotentStarts: IdempotentStartService,
    private readonly steps: StepViewService,
  ) {}

  @Post()
  @Access({ roles: ['admin', 'designer', 'integrator'], owns: 'integrator' })
  @ApiOperation({ summary: 'Start an instance of the latest (or the given) version of a process; the caller (an API key: its integrator) owns it' })
  @ApiCreatedResponse({ type: InstanceDto })
  @ApiNotFoundResponse({ description: 'No deployed process with that key (and version)' })
  @ApiForbiddenResponse({ description: 'SCOPE_MISSING: the API key may not start this process' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeating a request with the same key and body returns the first response (200) instead of starting another instance; keys are kept 25 h per caller' })
  @ApiOkResponse({ type: InstanceDto, description: 'An earlier request with the same Idempotency-Key and body started this instance' })
  @ApiConflictResponse({ description: 'BUSINESS_KEY_TAKEN: uniqueBusinessKey and a running instance of the process has the business key' })
  @ApiUnprocessableEntityResponse({ description: 'IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used for a different request' })
  async start(
    @Body() body: StartInstanceDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
    @Headers('Idempotency-Key') idempotencyKey?: string,
  ): Promise<InstanceDto> {
    assertScope(principal, 'processes', body.processKey);
    if (!idempotencyKey && !body.uniqueBusinessKey) return this.instances.start({ ...body, actor: principal.name, owner: ownerOf(principal) });
    const { instance, created } = await this.idempotentStarts.start(body, idempotencyKey || undefined, principal.name, ownerOf(principal));
    if (!created) response.status(200);
    return instance;
  }

  @Get()
  @Access({ roles: CASE_READERS, owns: 'department', personalData: true })
  @ApiOperation({ summary: 'List instances, newest first: an integrator its own, a clerk those where the department has or had a task' })
  @ApiOkResponse({ type: InstancePageDto })
  list(@Query() query: InstanceQuery, @CurrentPrincipal() principal: Principal): Promise<InstancePageDto> {
    assertScopedFilter(principal, 'processes', 'processKey', query.processKey);
    return this.instances.list({
      processKey: query.processKey, state: query.state, parentId: query.parentId, businessKey: query.businessKey,
      businessKeyContains: query.businessKeyContains, department: query.department,
      startedFrom: query.startedFrom ? new Date(query.startedFrom) : undefined, startedBefore: query.startedBefore ? new Date(query.startedBefore) : undefined,
      ...paging(query),
    }, principal);
  }

  @Get(':id')
  @Access({ roles: CASE_READERS, owns: 'department', personalData: true })
  @ApiOperation({ summary: 'One instance with its variables and the elements that hold a token (a clerk reading a bundle case gets no form or applicant)' })
  @ApiOkResponse({ type: InstanceDetailDto })
  @ApiNotFoundResponse({ description: 'No such instance, or one of a case the caller may not see' })
  @OwnedCase('instance')
  async get(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<InstanceDetailDto> {
    const detail = await this.instances.get(id);
    assertScope(principal, 'processes', detail.processKey);
    return { ...detail, variables: await this.steps.variablesFor(id, detail.variables, principal) };
  }

  @Get(':id/history')
  @Access({ roles: CASE_READERS, owns: 'department', personalData: true })
  @ApiOperation({ summary: 'The audit trail: elements entered and left, task events, with time and actor (a clerk does not see the records of who read personal data)' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiNotFoundResponse({ description: 'No such instance, or one of a case the caller may not see' })
  @OwnedCase('instance')
  async history(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<HistoryDto> {
    if (isScopeLimited(principal, 'processes')) assertScope(principal, 'processes', (await this.instances.get(id)).processKey);
    const history = await this.instances.history(id);
    if (!isConfinedToDepartment(principal)) return history;
    return { items: history.items.filter((item) => item.type !== 'personal-data.read') };
  }
}
