import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CorrectionService, StepViewService, TaskClockService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { TaskService } from '@tongban/runtime';
import { IdParamPipe } from '../http/id-param.pipe';
import { CASE_READERS } from '../privacy/case-readers';
import { OwnedCase } from '../privacy/owned-case.guard';
import { keysetPaging } from '../http/paging.dto';
import { CompleteTaskDto, TaskDto, TaskPageDto, TaskQuery } from './task.dto';
import { ApiProtected } from '../http/api-docs.decorators';

/** The clock fields of a task whose model and item declare no time limit. */
const NO_CLOCK = { dueAt: null, legalDueAt: null, followUpAt: null, remainingDays: null, remainingHours: null, limitUnit: null, clockStatus: 'normal', clockPaused: false, clockProblem: null } as const;

@ApiTags('tasks')
@ApiProtected()
@Controller('tasks')
export class TaskController {
  constructor(
    private readonly tasks: TaskService,
    private readonly steps: StepViewService,
    private readonly corrections: CorrectionService,
    private readonly clocks: TaskClockService,
  ) {}

  @Get()
  @Access({ roles: CASE_READERS, owns: 'department', personalData: true })
  @ApiOperation({ summary: "List tasks by creation (oldest first, or newest with `order=desc`); a clerk sees the own department's tasks only. Page with `after` (the previous page's `next`); `offset` at most 10,000; `total` counted up to 10,000" })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: an offset over 10,000, or an `after` that names no task' })
  @ApiForbiddenResponse({ description: "A clerk asked for another department's tasks" })
  async list(@Query() query: TaskQuery, @CurrentPrincipal() principal: Principal): Promise<TaskPageDto> {
    const page = await this.tasks.list({ processInstanceId: query.processInstanceId, department: query.department, state: query.state, assignee: query.assignee, order: query.order, ...keysetPaging(query) }, principal);
    const clocks = await this.clocks.listViews(page.items.map((t) => t.id));
    return { ...page, items: page.items.map((t) => ({ ...t, ...(clocks.get(t.id) ?? NO_CLOCK) })) };
  }

  @Get(':id')
  @Access({ roles: CASE_READERS, owns: 'department', personalData: true })
  @ApiOperation({ summary: "One task; a bundle step adds `step`: only its item's fields (ID numbers and bank accounts masked unless the item asks for them), materials and certificates; the read is audited. A task returned for correction (补正) adds `correction`: what was asked, the applicant's answer and the changes (`diff`)" })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "Another department's task" })
  @OwnedCase('task')
  async get(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    const { task, definitionId } = await this.tasks.getWithDefinition(id, principal);
    const step = await this.steps.view({ ...task, ...(definitionId ? { definitionId } : {}) }, principal);
    const correction = await this.corrections.ofTask(id);
    const clock = (await this.clocks.views([id])).get(id) ?? NO_CLOCK;
    return { ...task, ...clock, ...(step ? { step } : {}), ...(correction ? { correction } : {}) } as TaskDto;
  }

  @Post(':id/claim')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the task from the department queue' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'Claimed by someone else, or no longer open' })
  claim(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.tasks.claim(id, principal);
  }

  @Post(':id/unclaim')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a claimed task back into the department queue' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'Claimed by someone else, or no longer active' })
  unclaim(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.tasks.unclaim(id, principal);
  }

  @Post(':id/complete')
  @Access({ roles: ['admin', 'clerk'], owns: 'department', personalData: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the task with a decision (approve, reject, or one the model declares), a written opinion and variables; the instance advances to its next wait states' })
  @ApiOkResponse({ type: TaskDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a decision the task does not declare, a missing decision the task requires, an opinion over 2000 characters' })
  @ApiConflictResponse({ description: 'Completed, cancelled or claimed by someone else, or a concurrent command won' })
  complete(@Param('id', IdParamPipe) id: string, @Body() body: CompleteTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.tasks.complete(id, body.variables, principal, { decision: body.decision, comment: body.comment });
  }
}
