import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, DepartmentService, UserService, type Principal } from '@tongban/identity';
import { DomainError } from '@tongban/kernel';
import { AddTaskSignersCommand, RemoveTaskSignerCommand, type SignerTarget } from '@tongban/runtime';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { TaskDto } from './task.dto';
import { AddSignersDto, RemoveSignerDto, SignersAddedDto } from './task-signer.dto';

/** 加签 and 减签: more signers on a task (beside a countersign's, before or after a single task) and removing an open one. */
@ApiTags('tasks')
@ApiProtected()
@Controller('tasks')
export class TaskSignerController {
  constructor(
    private readonly addSigners: AddTaskSignersCommand,
    private readonly removeSigner: RemoveTaskSignerCommand,
    private readonly users: UserService,
    private readonly departments: DepartmentService,
  ) {}

  @Post(':id/signers')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @HttpCode(200)
  @ApiOperation({ summary: '加签: `parallel` adds inner instances to a countersign (nrOfInstances and its completion condition count them); `before` (前加签) gives the signers tasks that must finish while this one waits (state signing); `after` (后加签) gives them tasks once this one completes, and the case moves on when they have signed' })
  @ApiOkResponse({ type: SignersAddedDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: neither or both of users and departments, an unknown or disabled user or department, a user who is no clerk, an unknown position, a missing opinion' })
  @ApiForbiddenResponse({ description: "Another department's task, or claimed by someone else" })
  @ApiConflictResponse({ description: 'SIGNERS_REFUSED: parallel on a single task, a signer\'s own task; TASK_NOT_ACTIVE; a concurrent command won' })
  async add(@Param('id', IdParamPipe) id: string, @Body() body: AddSignersDto, @CurrentPrincipal() principal: Principal): Promise<SignersAddedDto> {
    return this.addSigners.run(id, await this.signersOf(body), body.position, body.comment, principal);
  }

  @Delete(':id/signers/:taskId')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @ApiOperation({ summary: '减签: remove an open signer — another inner instance of the same countersign (cancelled, not completed; the completion condition is evaluated again) or a signer added before or after this task' })
  @ApiOkResponse({ type: TaskDto, description: 'the removed (now cancelled) signer\'s task' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a missing opinion' })
  @ApiForbiddenResponse({ description: "Another department's task, or claimed by someone else" })
  @ApiNotFoundResponse({ description: 'No such task, or the signer\'s task is of another case' })
  @ApiConflictResponse({ description: 'SIGNERS_REFUSED: no signer of this task, already signed or removed, the last open signer; a concurrent command won' })
  remove(@Param('id', IdParamPipe) id: string, @Param('taskId', IdParamPipe) taskId: string, @Body() body: RemoveSignerDto, @CurrentPrincipal() principal: Principal): Promise<TaskDto> {
    return this.removeSigner.run(id, taskId, body.comment, principal);
  }

  private async signersOf(body: AddSignersDto): Promise<SignerTarget[]> {
    if ((body.users === undefined) === (body.departments === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'Give exactly one of users and departments', { fields: ['users', 'departments'] });
    }
    const names = body.users ?? body.departments ?? [];
    if (new Set(names).size !== names.length) throw new DomainError('VALIDATION_FAILED', 'A signer is named twice', { field: body.users ? 'users' : 'departments' });
    if (body.departments) {
      for (const code of body.departments) await this.departments.assertUsable(code);
      return body.departments.map((department) => ({ assignee: null, department }));
    }
    const signers: SignerTarget[] = [];
    for (const username of body.users ?? []) {
      const user = await this.users.get(username).catch(() => undefined);
      if (!user || user.disabled) throw new DomainError('VALIDATION_FAILED', `Unknown or disabled user "${username}"`, { field: 'users', user: username });
      if (!user.roles.includes('clerk') || user.department === null) throw new DomainError('VALIDATION_FAILED', `User "${username}" is no clerk of a department`, { field: 'users', user: username });
      signers.push({ assignee: user.username, department: user.department });
    }
    return signers;
  }
}
