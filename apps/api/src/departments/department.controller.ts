import { Body, Controller, Get, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ANY_ROLE, CurrentPrincipal, DepartmentService, type Principal } from '@tongban/identity';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { CreateDepartmentDto, DepartmentDto, DepartmentListDto, DepartmentQuery, UpdateDepartmentDto } from './department.dto';

/** The region's departments: everyone may list them, admins manage them (audited). */
@ApiTags('departments')
@ApiProtected()
@Controller('departments')
export class DepartmentController {
  constructor(private readonly departments: DepartmentService) {}

  @Get()
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'List departments' })
  @ApiOkResponse({ type: DepartmentListDto })
  async list(@Query() query: DepartmentQuery): Promise<DepartmentListDto> {
    return { items: await this.departments.list(query.includeDisabled ?? false) };
  }

  @Get(':code')
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'One department' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@Param('code') code: string): Promise<DepartmentDto> {
    return this.departments.get(code);
  }

  @Post()
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'Create a department' })
  @ApiCreatedResponse({ type: DepartmentDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The code is taken' })
  create(@Body() body: CreateDepartmentDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<DepartmentDto> {
    return this.departments.create(body, actor, ip);
  }

  @Patch(':code')
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'Rename, disable or enable a department' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  update(@Param('code') code: string, @Body() body: UpdateDepartmentDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<DepartmentDto> {
    return this.departments.update(code, body, actor, ip);
  }
}
