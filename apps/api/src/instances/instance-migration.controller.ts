import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { MAX_BATCH_MIGRATION, MigrateInstanceCommand } from '@tongban/runtime';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';

export class MigrationMappingDto {
  @ApiProperty({ example: 'check', description: 'an element id of the running (source) definition' }) @IsString() @IsNotEmpty() @MaxLength(255)
  source: string;

  @ApiProperty({ example: 'verify', description: 'the element id of the target definition its instances move to' }) @IsString() @IsNotEmpty() @MaxLength(255)
  target: string;
}

export class InstanceMigrationDto {
  @ApiProperty({ format: 'uuid', description: 'a deployed version of the same process' }) @IsUUID()
  targetDefinitionId: string;

  @ApiPropertyOptional({ type: [MigrationMappingDto], description: 'elements whose id differs in the target; elements with the same id map without one' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => MigrationMappingDto)
  mappings?: MigrationMappingDto[];
}

export class BatchMigrationDto extends InstanceMigrationDto {
  @ApiProperty({ format: 'uuid', description: 'the definition whose running instances move' }) @IsUUID()
  sourceDefinitionId: string;

  @ApiPropertyOptional({ type: [String], description: `only these instances (each must be a running instance of the source definition); all running ones (at most ${MAX_BATCH_MIGRATION}) when absent` })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_BATCH_MIGRATION) @IsUUID('all', { each: true })
  instanceIds?: string[];
}

export class MigratedInstanceDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'active' }) state: string;
  @ApiProperty({ format: 'uuid' }) definitionId: string;
  @ApiProperty({ example: 2 }) definitionVersion: number;
}

export class BatchMigrationItemDto {
  @ApiProperty({ format: 'uuid' }) instanceId: string;
  @ApiProperty({ enum: ['migrated', 'refused'] }) status: 'migrated' | 'refused';
  @ApiPropertyOptional({ example: 'MIGRATION_REFUSED' }) code?: string;
  @ApiPropertyOptional({ example: 'active element sign has no counterpart in licence (map it)' }) reason?: string;
}

export class BatchMigrationResultDto {
  @ApiProperty({ example: 3 }) migrated: number;
  @ApiProperty({ example: 1 }) refused: number;
  @ApiProperty({ type: [BatchMigrationItemDto] }) items: BatchMigrationItemDto[];
}

/** An admin moves running instances onto another version of their process (instance migration), audited in their history. */
@ApiTags('process-instances')
@ApiProtected()
@Controller('process-instances')
export class InstanceMigrationController {
  constructor(private readonly migrate: MigrateInstanceCommand) {}

  @Post('migration')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Migrate the running instances of a definition (or the listed ones) to a target definition, each in its own transaction; answers each migrated or refused with the reason (admins only)' })
  @ApiOkResponse({ type: BatchMigrationResultDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'The source or target definition' })
  async batch(@Body() body: BatchMigrationDto, @CurrentPrincipal() principal: Principal): Promise<BatchMigrationResultDto> {
    const items = await this.migrate.runBatch(body.sourceDefinitionId, { targetDefinitionId: body.targetDefinitionId, mappings: body.mappings ?? [], instanceIds: body.instanceIds }, principal.name);
    return { migrated: items.filter((i) => i.status === 'migrated').length, refused: items.filter((i) => i.status === 'refused').length, items };
  }

  @Post(':id/migration')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the instance onto another version of its process: tasks keep their ids, assignees and clocks, timers and subscriptions follow the target (admins only; recorded as instance.migration)' })
  @ApiOkResponse({ type: MigratedInstanceDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'The instance or the target definition' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'MIGRATION_REFUSED (the message names every reason: an active element without counterpart, a type, event or multi-instance change, a token changing scope, another process), INSTANCE_NOT_ACTIVE, INSTANCE_SUSPENDED' })
  async one(@Param('id', IdParamPipe) id: string, @Body() body: InstanceMigrationDto, @CurrentPrincipal() principal: Principal): Promise<MigratedInstanceDto> {
    const row = await this.migrate.run(id, { targetDefinitionId: body.targetDefinitionId, mappings: body.mappings ?? [] }, principal.name);
    return { id: row.id, state: row.state, definitionId: row.definitionId, definitionVersion: row.definitionVersion };
  }
}
