import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiTooManyRequestsResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, DepartmentService, UserService, type Principal } from '@tongban/identity';
import { DomainError } from '@tongban/kernel';
import { DelegateTaskCommand, ResolveTaskCommand, ReturnTaskCommand, SaveTaskDraftCommand, TaskOperationsService, TransferTaskCommand, UrgeTaskCommand, WithdrawTaskCommand, type TransferTarget } from '@tongban/runtime';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { CASE_READERS } from '../privacy/case-readers';
import { OwnedCase } from '../privacy/owned-case.guard';
import { SaveDraftDto, TaskDto } from './task.dto';
import { DelegateTaskDto, ResolveTaskDto, ReturnTaskDto, TaskOperationDto, TaskUrgeDto, TransferTaskDto, UrgeTaskDto, WithdrawTaskDto } from './task-operation.dto';

/** Department work on a task beyond claim and complete: what the caller may do now, 转办, 委派, 退回, 撤回, 催办 and drafts. */
@ApiTags('tasks')
@ApiProtected()
@Controller('tasks')
export class TaskOperationController {
  constructor(
    private readonly operations: TaskOperationsService,
    private readonly transferTask: TransferTaskCommand,
    private readonly returnTask: ReturnTaskCommand,
    private readonly urgeTask: UrgeTaskCommand,
    private readonly saveDraft: SaveTaskDraftCommand,
    private readonly withdrawTask: WithdrawTaskCommand,
    private readonly delegateTask: DelegateTaskCommand,
    private readonly resolveTask: ResolveTaskCommand,
    private readonly users: UserService,
    private readonly departments: DepartmentService,
  ) {}

  @Get(':id/operations')
  @Access({ roles: CASE_READERS, owns: 'department' })
  @OwnedCase('task')
  @ApiOperation({ summary: 'What the caller may do with the task now, and why not otherwise; `return` lists its targets' })
  @ApiOkResponse({ type: [TaskOperationDto] })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "Another department's task" })
  list(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskOperationDto[]> {
    return this.operations.list(id, principal);
  }

  @Post(':id/transfer')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: '转办: hand the task for good to another user (it becomes theirs) or to a department queue; by its assignee, a clerk of its department while it is open, or an admin' })
  @ApiOkResponse({ type: TaskDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: neither or both of toUser and toDepartment, an unknown or disabled user or department, a missing opinion' })
  @ApiForbiddenResponse({ description: "Another department's task, or claimed by someone else" })
  @ApiConflictResponse({ description: 'No longer open or claimed, or a concurrent command won' })
  async transfer(@Param('id', IdParamPipe) id: string, @Body() body: TransferTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.transferTask.run(id, await this.targetOf(body), body.comment, principal);
  }

  @Post(':id/delegate')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: '委派: ask another clerk of the department to work the task; they see it as delegated to them (delegationState pending) and resolve it back to its owner, who completes it' })
  @ApiOkResponse({ type: TaskDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: an unknown user, a user who is no clerk of the task\'s department, a missing opinion' })
  @ApiForbiddenResponse({ description: "Another department's task, or claimed by someone else" })
  @ApiConflictResponse({ description: 'TASK_DELEGATED: already delegated; no longer active; a concurrent command won' })
  async delegate(@Param('id', IdParamPipe) id: string, @Body() body: DelegateTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    const user = await this.users.get(body.toUser).catch(() => undefined);
    if (!user || user.disabled || !user.roles.includes('clerk')) throw new DomainError('VALIDATION_FAILED', `"${body.toUser}" is no active clerk`, { field: 'toUser', user: body.toUser });
    return this.delegateTask.run(id, { username: user.username, department: user.department }, body.comment, principal);
  }

  @Post(':id/resolve')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: '委派 handed back: the delegate returns the task to its owner with an opinion and values (kept as its draft); the owner then completes it' })
  @ApiOkResponse({ type: TaskDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a missing opinion, variables not an object' })
  @ApiForbiddenResponse({ description: "Another department's task, or delegated to someone else" })
  @ApiConflictResponse({ description: 'TASK_NOT_DELEGATED: no delegation pending; a concurrent command won' })
  resolve(@Param('id', IdParamPipe) id: string, @Body() body: ResolveTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.resolveTask.run(id, body.comment, body.variables, principal);
  }

  @Post(':id/return')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: '退回: send the case back to an earlier step of the same branch (GET /tasks/{id}/operations lists them); the task is cancelled, the target\'s department gets the case again; other branches are untouched' })
  @ApiOkResponse({ type: TaskDto, description: 'the returned (now cancelled) task' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a missing target or opinion' })
  @ApiForbiddenResponse({ description: "Another department's task, or claimed by someone else" })
  @ApiConflictResponse({ description: 'RETURN_TARGET_NOT_ALLOWED (details.allowed lists the targets), no longer active, or a concurrent command won' })
  return(@Param('id', IdParamPipe) id: string, @Body() body: ReturnTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.returnTask.run(id, body.toElementId, body.comment, principal);
  }

  @Post(':id/withdraw')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: '撤回: the person who completed the task takes the completion back while the next step it led to is untouched (open, no draft); the next step is cancelled and the task is active again, claimed by them' })
  @ApiOkResponse({ type: TaskDto, description: 'the withdrawn (completed) task; its step is active again as a new task' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a missing opinion' })
  @ApiForbiddenResponse({ description: "Another department's task, or completed by someone else" })
  @ApiConflictResponse({ description: 'WITHDRAW_REFUSED: the next step was claimed, drafted or completed, or the step ran again since' })
  withdraw(@Param('id', IdParamPipe) id: string, @Body() body: WithdrawTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.withdrawTask.run(id, body.comment, principal);
  }

  @Post(':id/urge')
  @Access({ roles: ['admin', 'supervisor'], owns: 'department' })
  @ApiOperation({ summary: '催办: remind whoever holds an open task (its assignee or its department queue); at most one urge per task per TONGBAN_URGE_INTERVAL_SECONDS (default 3600)' })
  @ApiCreatedResponse({ type: TaskUrgeDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a missing reminder text' })
  @ApiConflictResponse({ description: 'TASK_NOT_ACTIVE: the task is completed or cancelled' })
  @ApiTooManyRequestsResponse({ description: 'URGE_TOO_SOON: urged within the interval; Retry-After says when to try again' })
  urge(@Param('id', IdParamPipe) id: string, @Body() body: UrgeTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskUrgeDto> {
    return this.urgeTask.run(id, body.comment, principal);
  }

  @Put(':id/draft')
  @Access({ roles: ['admin', 'clerk'], owns: 'department', personalData: true })
  @ApiOperation({ summary: 'Save work on the task without completing it (variables, decision, opinion); replaces the previous draft, shown in GET /tasks/{id}, cleared on completion' })
  @ApiOkResponse({ type: TaskDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: variables not an object, an opinion over 2000 characters' })
  @ApiForbiddenResponse({ description: "Another department's task" })
  @ApiConflictResponse({ description: 'Completed, cancelled or claimed by someone else, or a concurrent command won' })
  draft(@Param('id', IdParamPipe) id: string, @Body() body: SaveDraftDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.saveDraft.run(id, body, principal);
  }

  private async targetOf(body: TransferTaskDto): Promise<TransferTarget> {
    if ((body.toUser === undefined) === (body.toDepartment === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'Give exactly one of toUser and toDepartment', { fields: ['toUser', 'toDepartment'] });
    }
    if (body.toDepartment !== undefined) {
      await this.departments.assertUsable(body.toDepartment);
      return { assignee: null, department: body.toDepartment };
    }
    const user = await this.users.get(body.toUser!).catch(() => undefined);
    if (!user || user.disabled) throw new DomainError('VALIDATION_FAILED', `Unknown or disabled user "${body.toUser}"`, { field: 'toUser', user: body.toUser });
    if (!user.roles.includes('clerk') || user.department === null) throw new DomainError('VALIDATION_FAILED', `User "${body.toUser}" is no clerk of a department`, { field: 'toUser', user: body.toUser });
    return { assignee: user.username, department: user.department };
  }
}
