import { Body, Controller, Get, Ip, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ANY_ROLE, CurrentPrincipal, RegionService, type Principal } from '@tongban/identity';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { CreateRegionDto, RegionDto, RegionListDto } from './region.dto';

/** Regions (tenants): each caller reads its own, those below it and those above (whose catalogue it inherits); admins create regions below theirs. */
@ApiTags('regions')
@ApiProtected()
@Controller('regions')
export class RegionController {
  constructor(private readonly regions: RegionService) {}

  @Get()
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'List the regions the caller sees: its own, those above and, for admins and supervisors, those below' })
  @ApiOkResponse({ type: RegionListDto })
  async list(@CurrentPrincipal() actor: Principal): Promise<RegionListDto> {
    return { items: await this.regions.list(actor) };
  }

  @Get(':code')
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'One region the caller sees' })
  @ApiOkResponse({ type: RegionDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@Param('code') code: string, @CurrentPrincipal() actor: Principal): Promise<RegionDto> {
    return this.regions.get(code, actor);
  }

  @Post()
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'Create a region below the admin\'s own or one below it (platform admins: below the root)' })
  @ApiCreatedResponse({ type: RegionDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'The parent is not a region the admin sees' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'The parent is above the admin\'s region' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The code is taken' })
  create(@Body() body: CreateRegionDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<RegionDto> {
    return this.regions.create(body, actor, ip);
  }
}
