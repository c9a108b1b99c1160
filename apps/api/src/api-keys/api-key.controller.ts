import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiKeyService, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { ApiKeyDto, ApiKeyListDto, ApiKeyQuery, ApiKeyWithSecretDto, CreateApiKeyDto, RotateApiKeyDto, RotatedApiKeyDto, UpdateApiKeyDto } from './api-key.dto';

/** Integrators' API keys, managed by admins: the secret is shown once, stored hashed; every change audited. */
@ApiTags('api-keys')
@ApiProtected()
@Controller('api-keys')
export class ApiKeyController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'Create a key for an integrator with its scopes; the secret is in this response only' })
  @ApiCreatedResponse({ type: ApiKeyWithSecretDto })
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<ApiKeyWithSecretDto> {
    return this.keys.create(body, actor, ip);
  }

  @Get()
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'List keys (never their secrets)' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(@Query() query: ApiKeyQuery): Promise<ApiKeyListDto> {
    return { items: await this.keys.list({ integrator: query.integrator }) };
  }

  @Get(':id')
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'One key' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@Param('id', IdParamPipe) id: string): Promise<ApiKeyDto> {
    return this.keys.get(id);
  }

  @Patch(':id')
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'Change a key\'s scopes or expiry (a past expiry expires it now)' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  update(@Param('id', IdParamPipe) id: string, @Body() body: UpdateApiKeyDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<ApiKeyDto> {
    return this.keys.update(id, body, actor, ip);
  }

  @Post(':id/rotate')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(201)
  @ApiOperation({ summary: 'Replace a key by a new secret (returned once); the old one keeps working for the grace period' })
  @ApiCreatedResponse({ type: RotatedApiKeyDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The key is revoked or expired' })
  rotate(@Param('id', IdParamPipe) id: string, @Body() body: RotateApiKeyDto, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<RotatedApiKeyDto> {
    return this.keys.rotate(id, body.graceSeconds, actor, ip);
  }

  @Post(':id/revoke')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key at once' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  revoke(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() actor: Principal, @Ip() ip: string): Promise<ApiKeyDto> {
    return this.keys.revoke(id, actor, ip);
  }
}
