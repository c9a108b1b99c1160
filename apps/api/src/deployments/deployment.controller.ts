import { Body, Controller, Post, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import { Access, CurrentPrincipal, DepartmentService, type Principal } from '@tongban/identity';
import { ACCEPTANCE_DEPARTMENT, FormService } from '@tongban/catalog';
import { DeploymentService, DomainError, regionContext } from '@tongban/runtime';
import { CreateDeploymentDto, DeploymentResponseDto } from './deployment.dto';
import { ApiProtected } from '../http/api-docs.decorators';

/** A multipart `file` part as multer hands it over (memory storage). */
interface UploadedBpmn {
  originalname: string;
  buffer: Buffer;
}

/** Upload limit of one multipart BPMN file; the compiler refuses documents over 10 MB. */
const MAX_FILE_BYTES = 12 * 1024 * 1024;

@ApiTags('deployments')
@ApiExtraModels(CreateDeploymentDto)
@ApiProtected()
@Controller('deployments')
export class DeploymentController {
  constructor(private readonly deployments: DeploymentService, private readonly departments: DepartmentService, private readonly forms: FormService) {}

  @Post()
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @UseInterceptors(FilesInterceptor('file', 50, { limits: { fileSize: MAX_FILE_BYTES } }))
  @ApiOperation({ summary: 'Deploy BPMN documents; each executable process gets a new version unless its content is unchanged' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateDeploymentDto) },
        { type: 'object', properties: { name: { type: 'string' }, file: { type: 'string', format: 'binary' } }, required: ['file'] },
      ],
    },
  })
  @ApiCreatedResponse({ type: DeploymentResponseDto })
  @ApiBadRequestResponse({ description: 'The BPMN was refused; `details.problems` names each element (and, for BPMN_LINT_FAILED, the lint `rule`, e.g. `tongban/known-form` for a user task linking a form the form store does not have)' })
  async deploy(
    @Body() body: CreateDeploymentDto,
    @UploadedFiles() files: UploadedBpmn[] | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentResponseDto> {
    const resources = [
      ...(body.resources ?? []),
      ...(files ?? []).map((file) => ({ name: file.originalname || 'upload.bpmn', content: file.buffer.toString('utf8') })),
    ];
    if (resources.length === 0) throw new DomainError('DEPLOYMENT_EMPTY', 'Send BPMN as `resources` (JSON) or as multipart `file` parts');
    // The designer's lint rules run at deploy, against the enabled departments and the service hall's
    // acceptance window of generated bundles. Department codes are unique across regions, and a region
    // runs processes of the regions above it (inherited bundles name their departments): every enabled
    // department of the installation is known.
    const departments = [...(await regionContext.runAsSystem(() => this.departments.list(false))).map((department) => department.code), ACCEPTANCE_DEPARTMENT];
    // A user task's linked form (zeebe:formDefinition formId, a plain camunda:formKey) is one the region can read.
    const forms = await this.forms.ids();
    return this.deployments.deploy({ name: body.name, resources, actor: principal.name, lint: { departments, forms } });
  }
}
