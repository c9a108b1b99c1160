import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tongban/identity';
import { InstanceService } from '@tongban/runtime';
import { IdParamPipe } from '../http/id-param.pipe';
import { paging } from '../http/paging.dto';
import { HistoryDto, InstanceDetailDto, InstanceDto, InstancePageDto, InstanceQuery, StartInstanceDto } from './instance.dto';
import { ApiProtected } from '../http/api-docs.decorators';

@ApiTags('process-instances')
@ApiProtected()
@Controller('process-instances')
export class InstanceController {
  constructor(private readonly instances: InstanceService) {}

  @Post()
  @Roles('integrator', 'designer', 'clerk')
  @ApiOperation({ summary: 'Start an instance of the latest (or the given) version of a process' })
  @ApiCreatedResponse({ type: InstanceDto })
  @ApiNotFoundResponse({ description: 'No deployed process with that key (and version)' })
  start(@Body() body: StartInstanceDto, @CurrentPrincipal() principal: Principal): Promise<InstanceDto> {
    return this.instances.start({ ...body, actor: principal.name });
  }

  @Get()
  @ApiOperation({ summary: 'List instances, newest first' })
  @ApiOkResponse({ type: InstancePageDto })
  list(@Query() query: InstanceQuery): Promise<InstancePageDto> {
    return this.instances.list({ processKey: query.processKey, state: query.state, parentId: query.parentId, businessKey: query.businessKey, ...paging(query) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One instance with its variables and the elements that hold a token' })
  @ApiOkResponse({ type: InstanceDetailDto })
  @ApiNotFoundResponse()
  get(@Param('id', IdParamPipe) id: string): Promise<InstanceDetailDto> {
    return this.instances.get(id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'The audit trail: elements entered and left, task events, with time and actor' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiNotFoundResponse()
  history(@Param('id', IdParamPipe) id: string): Promise<HistoryDto> {
    return this.instances.history(id);
  }
}
