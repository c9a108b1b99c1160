import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StepViewService } from '@tongban/catalog';
import { Access, ANY_ROLE, CurrentPrincipal, DepartmentService, STAFF_ROLES, UserService, type Principal } from '@tongban/identity';
import { DomainError } from '@tongban/kernel';
import { CopyTaskCommand, TaskCopyService, type TaskCcRow } from '@tongban/runtime';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { paging } from '../http/paging.dto';
import { CcQuery, CopyTaskDto, TaskCopiedDto, TaskCopyDto, TaskCopyPageDto } from './task-cc.dto';

/** The most clerks one department's copy goes to. */
const DEPARTMENT_CLERKS_LIMIT = 500;

/** 抄送: read-only copies of a task in the recipients' own list, unread until marked read. */
@ApiTags('tasks')
@ApiProtected()
@Controller()
export class TaskCcController {
  constructor(
    private readonly copyTask: CopyTaskCommand,
    private readonly copies: TaskCopyService,
    private readonly steps: StepViewService,
    private readonly users: UserService,
    private readonly departments: DepartmentService,
  ) {}

  @Post('tasks/:id/cc')
  @Access({ roles: ['admin', 'supervisor', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: '抄送: read-only copies of the task for users, or for every active clerk of departments; by a clerk of its department, a supervisor or an admin' })
  @ApiOkResponse({ type: TaskCopiedDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: neither or both of users and departments, an unknown or disabled user or department, a department without clerks, a missing note' })
  @ApiForbiddenResponse({ description: "Another department's task" })
  @ApiConflictResponse({ description: 'A recipient already has a copy of the task; TASK_NOT_ACTIVE for a cancelled task' })
  async copy(@Param('id', IdParamPipe) id: string, @Body() body: CopyTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskCopiedDto> {
    return this.copyTask.run(id, await this.recipientsOf(body), body.comment, principal);
  }

  @Get('cc')
  @Access({ roles: STAFF_ROLES, owns: 'self' })
  @ApiOperation({ summary: "The caller's copies (抄送), newest first; `unread=true` for those not marked read; a bundle case's applicant is masked" })
  @ApiOkResponse({ type: TaskCopyPageDto })
  async list(@Query() query: CcQuery, @CurrentPrincipal() principal: Principal): Promise<TaskCopyPageDto> {
    const { offset, limit } = paging(query);
    const page = await this.copies.list(principal, query.unread === true, offset, limit);
    return { items: await Promise.all(page.items.map((copy) => this.withCase(copy))), total: page.total };
  }

  @Post('cc/:id/read')
  @Access({ roles: ANY_ROLE, owns: 'self' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of the caller\'s copies read (marking it again keeps the first time)' })
  @ApiOkResponse({ type: TaskCopyDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "Another user's copy" })
  async read(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskCopyDto> {
    return this.withCase(await this.copies.markRead(id, principal));
  }

  private async withCase(copy: TaskCcRow): Promise<TaskCopyDto> {
    const summary = await this.steps.caseSummary(copy.processInstanceId);
    return summary ? { ...copy, case: summary } : copy;
  }

  private async recipientsOf(body: CopyTaskDto): Promise<string[]> {
    if ((body.users === undefined) === (body.departments === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'Give exactly one of users and departments', { fields: ['users', 'departments'] });
    }
    if (body.users) {
      for (const username of body.users) {
        const user = await this.users.get(username).catch(() => undefined);
        if (!user || user.disabled) throw new DomainError('VALIDATION_FAILED', `Unknown or disabled user "${username}"`, { field: 'users', user: username });
      }
      return [...new Set(body.users)];
    }
    const recipients: string[] = [];
    for (const department of new Set(body.departments)) {
      await this.departments.assertUsable(department);
      const clerks = (await this.users.list({ department, offset: 0, limit: DEPARTMENT_CLERKS_LIMIT })).items.filter((u) => !u.disabled && u.roles.includes('clerk'));
      if (clerks.length === 0) throw new DomainError('VALIDATION_FAILED', `Department "${department}" has no active clerk`, { field: 'departments', department });
      recipients.push(...clerks.map((u) => u.username));
    }
    return [...new Set(recipients)];
  }
}
