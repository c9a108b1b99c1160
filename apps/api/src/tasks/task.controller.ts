import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StepViewService } from '@tongban/catalog';
import { CurrentPrincipal, Roles, type Principal } from '@tongban/identity';
import { TaskService } from '@tongban/runtime';
import { IdParamPipe } from '../http/id-param.pipe';
import { paging } from '../http/paging.dto';
import { CompleteTaskDto, TaskDto, TaskPageDto, TaskQuery } from './task.dto';
import { ApiProtected } from '../http/api-docs.decorators';

@ApiTags('tasks')
@ApiProtected()
@Controller('tasks')
export class TaskController {
  constructor(
    private readonly tasks: TaskService,
    private readonly steps: StepViewService,
  ) {}

  @Get()
  @ApiOperation({ summary: "List tasks; a clerk sees the own department's tasks only" })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiForbiddenResponse({ description: "A clerk asked for another department's tasks" })
  list(@Query() query: TaskQuery, @CurrentPrincipal() principal: Principal): Promise<TaskPageDto> {
    return this.tasks.list({ processInstanceId: query.processInstanceId, department: query.department, state: query.state, assignee: query.assignee, ...paging(query) }, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: "One task; a bundle step adds `step`: only its item's fields (ID numbers and bank accounts masked unless the item asks for them), materials and certificates; the read is audited" })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "Another department's task" })
  async get(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    const task = await this.tasks.get(id, principal);
    const step = await this.steps.view(task, principal);
    return step ? { ...task, step } as TaskDto : task;
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Take the task from the department queue' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'Claimed by someone else, or no longer open' })
  claim(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.tasks.claim(id, principal);
  }

  @Post(':id/unclaim')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Put a claimed task back into the department queue' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'Claimed by someone else, or no longer active' })
  unclaim(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.tasks.unclaim(id, principal);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Complete the task with a decision (approve, reject, or one the model declares), a written opinion and variables; the instance advances to its next wait states' })
  @ApiOkResponse({ type: TaskDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a decision the task does not declare, a missing decision the task requires, an opinion over 2000 characters' })
  @ApiConflictResponse({ description: 'Completed, cancelled or claimed by someone else, or a concurrent command won' })
  complete(@Param('id', IdParamPipe) id: string, @Body() body: CompleteTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    const opinion = { decision: body.decision, comment: body.comment };
    return this.tasks.complete(id, body.variables, principal, (task) => this.steps.requireDecision(task, body.variables, body.decision), opinion);
  }
}
