import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ANY_ROLE } from '@tongban/identity';
import { DefinitionService } from '@tongban/runtime';
import { IdParamPipe } from '../http/id-param.pipe';
import { paging } from '../http/paging.dto';
import { DefinitionDetailDto, DefinitionPageDto, DefinitionQuery } from './definition.dto';
import { ApiProtected } from '../http/api-docs.decorators';

@ApiTags('process-definitions')
@ApiProtected()
@Controller('process-definitions')
export class DefinitionController {
  constructor(private readonly definitions: DefinitionService) {}

  @Get()
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'List deployed process definitions, newest version first per key' })
  @ApiOkResponse({ type: DefinitionPageDto })
  list(@Query() query: DefinitionQuery): Promise<DefinitionPageDto> {
    return this.definitions.list({ key: query.key, latestOnly: query.latest, ...paging(query) });
  }

  @Get(':id')
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'One process definition with its BPMN XML' })
  @ApiOkResponse({ type: DefinitionDetailDto })
  @ApiNotFoundResponse()
  get(@Param('id', IdParamPipe) id: string): Promise<DefinitionDetailDto> {
    return this.definitions.get(id);
  }
}
