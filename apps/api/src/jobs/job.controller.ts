import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, assertScope, assertScopedFilter, CurrentPrincipal, isScopeLimited, type Principal } from '@tongban/identity';
import { DomainError, JobService, jobVisibilityOf, type JobVisibility } from '@tongban/runtime';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { paging } from '../http/paging.dto';
import { ActivateJobsDto, ActivatedJobsDto, CompleteJobDto, FailJobDto, JobDetailDto, JobPageDto, JobQuery, ThrowJobErrorDto } from './job.dto';

@ApiTags('jobs')
@ApiProtected()
@Controller('jobs')
export class JobController {
  constructor(private readonly jobs: JobService) {}

  @Post('activate')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Activate up to maxJobs jobs of a type for a worker; each stays with it until its timeout',
    description: 'Jobs of suspended instances are not handed out. With `requestTimeout` the request is a long poll: when no job is there it waits until jobs of the type are created (or the time is up, answering an empty list). An API key limited to job types activates only those; an integrator gets the jobs of its own cases, and every job of a type its key names.',
  })
  @ApiOkResponse({ type: ActivatedJobsDto })
  async activate(@Body() body: ActivateJobsDto, @CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<ActivatedJobsDto> {
    const workerId = body.workerId ?? body.worker;
    if (!workerId) throw new DomainError('VALIDATION_FAILED', 'workerId (or worker) must name the worker activating the jobs', { fields: ['workerId'] });
    assertScope(principal, 'jobTypes', body.type);
    const hungUp = new AbortController();
    request.res?.once('close', () => hungUp.abort());
    return { jobs: await this.jobs.activateWaiting({ type: body.type, maxJobs: body.maxJobs, workerId, timeout: body.timeout, requestTimeout: body.requestTimeout, visibility: visibilityOf(principal) }, hungUp.signal) };
  }

  @Get()
  @Access({ roles: ['admin', 'supervisor', 'integrator'], owns: 'integrator' })
  @ApiOperation({ summary: 'List jobs (an integrator: those of its own cases, and of the types its key names)' })
  @ApiOkResponse({ type: JobPageDto })
  list(@Query() query: JobQuery, @CurrentPrincipal() principal: Principal): Promise<JobPageDto> {
    assertScopedFilter(principal, 'jobTypes', 'type', query.type);
    return this.jobs.list({ processInstanceId: query.processInstanceId, type: query.type, state: query.state, ...paging(query) }, visibilityOf(principal));
  }

  @Get(':id')
  @Access({ roles: ['admin', 'supervisor', 'integrator'], owns: 'integrator' })
  @ApiOperation({ summary: 'One job' })
  @ApiOkResponse({ type: JobDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such job, or one an integrator may not see' })
  async get(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<JobDetailDto> {
    const job = await this.jobs.get(id, visibilityOf(principal));
    assertScope(principal, 'jobTypes', job.type);
    return job;
  }

  @Post(':id/complete')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a job with result variables' })
  @ApiOkResponse({ type: JobDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'JOB_NOT_ACTIVE (completed, failed or withdrawn) or INSTANCE_SUSPENDED' })
  async complete(@Param('id', IdParamPipe) id: string, @Body() body: CompleteJobDto, @CurrentPrincipal() principal: Principal): Promise<JobDetailDto> {
    await this.assertJobScope(principal, id);
    return this.jobs.complete(id, body.variables, principal.name);
  }

  @Post(':id/fail')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Report a failure: with retries left the job is activatable again after retryBackoff; with 0 an incident is raised' })
  @ApiOkResponse({ type: JobDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'JOB_NOT_ACTIVE or INSTANCE_SUSPENDED' })
  async fail(@Param('id', IdParamPipe) id: string, @Body() body: FailJobDto, @CurrentPrincipal() principal: Principal): Promise<JobDetailDto> {
    await this.assertJobScope(principal, id);
    return this.jobs.fail(id, body, principal.name);
  }

  @Post(':id/throw-error')
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Throw a BPMN error from the job: caught by a matching error boundary event or event subprocess, else an incident' })
  @ApiOkResponse({ type: JobDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'JOB_NOT_ACTIVE or INSTANCE_SUSPENDED' })
  async throwError(@Param('id', IdParamPipe) id: string, @Body() body: ThrowJobErrorDto, @CurrentPrincipal() principal: Principal): Promise<JobDetailDto> {
    await this.assertJobScope(principal, id);
    return this.jobs.throwError(id, body, principal.name);
  }

  /**
   * An integrator works only on jobs it may see (404 for another's, as if it did not exist), and a key
   * limited to some job types only on jobs of those types; staff skip the lookup.
   */
  private async assertJobScope(principal: Principal, id: string): Promise<void> {
    const visibility = visibilityOf(principal);
    if (!visibility && !isScopeLimited(principal, 'jobTypes')) return;
    assertScope(principal, 'jobTypes', (await this.jobs.get(id, visibility)).type);
  }
}

/** The jobs an integrator may see (its own cases' and its named types'); undefined for staff. */
function visibilityOf(principal: Principal): JobVisibility | undefined {
  return jobVisibilityOf(principal, principal.scopes?.jobTypes);
}
