import { Controller, Get, Param } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FormService, StepViewService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { InstanceService, TaskService } from '@tongban/runtime';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { CASE_READERS } from '../privacy/case-readers';
import { OwnedCase } from '../privacy/owned-case.guard';
import { TaskFormDto } from './form.dto';

/** The form a user task links, as its step may see it. */
@ApiTags('tasks')
@ApiProtected()
@Controller('tasks')
export class TaskFormController {
  constructor(
    private readonly tasks: TaskService,
    private readonly instances: InstanceService,
    private readonly steps: StepViewService,
    private readonly forms: FormService,
  ) {}

  @Get(':id/form')
  @Access({ roles: CASE_READERS, owns: 'department', personalData: true })
  @ApiOperation({ summary: "The latest version of the form the task's element links (zeebe:formDefinition formId, camunda:formKey), with only the fields its step may see: a bundle step's case fields read-only and masked as in its step view (the read is audited), the step's own fields editable; `data` holds the values it opens with" })
  @ApiOkResponse({ type: TaskFormDto })
  @ApiNotFoundResponse({ description: 'No such task, or the task links no stored form' })
  @ApiForbiddenResponse({ description: "Another department's task" })
  @OwnedCase('task')
  async get(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TaskFormDto> {
    const task = await this.tasks.get(id, principal);
    // A plain step's fields open with the instance's variables as the caller may read them, the task's own over them.
    const { variables } = await this.instances.get(task.processInstanceId);
    const readable = await this.steps.variablesFor(task.processInstanceId, variables, principal);
    return this.forms.ofTask({ ...task, variables: { ...readable, ...task.variables } }, principal) as Promise<TaskFormDto>;
  }
}
