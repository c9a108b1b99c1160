import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { MAX_COMMENT_LENGTH, ModifyInstanceCommand } from '@tongban/runtime';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { InstanceControlDto } from './instance-control.controller';

export class ActivateElementDto {
  @ApiProperty({ example: 'review' }) @IsString() @IsNotEmpty() @MaxLength(255)
  elementId: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'set locally in the scope the element is created in' })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;
}

export class CancelElementDto {
  @ApiProperty({ description: 'an element instance key (`elementKey` of the element\'s entries in the instance history)' }) @IsString() @IsNotEmpty() @MaxLength(255)
  elementKey: string;
}

export class InstanceModificationDto {
  @ApiPropertyOptional({ type: [ActivateElementDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ActivateElementDto)
  activate?: ActivateElementDto[];

  @ApiPropertyOptional({ type: [CancelElementDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => CancelElementDto)
  cancel?: CancelElementDto[];

  @ApiPropertyOptional({ description: 'why (kept in the history)' }) @IsOptional() @IsString() @MaxLength(MAX_COMMENT_LENGTH)
  comment?: string;
}

/** An admin's modification of a running instance (activate elements, cancel element instances), audited in its history. */
@ApiTags('process-instances')
@ApiProtected()
@Controller('process-instances')
export class InstanceModificationController {
  constructor(private readonly modify: ModifyInstanceCommand) {}

  @Post(':id/modification')
  @Access({ roles: ['admin'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate elements and cancel element instances in one transaction, all or nothing (admins only; recorded as instance.modification and instance.modified)' })
  @ApiOkResponse({ type: InstanceControlDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'VALIDATION_FAILED: no instruction, a malformed one' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'The instance, ELEMENT_NOT_FOUND or ELEMENT_INSTANCE_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'MODIFICATION_REFUSED (an element that cannot be activated so), INSTANCE_NOT_ACTIVE, INSTANCE_SUSPENDED' })
  async modification(@Param('id', IdParamPipe) id: string, @Body() body: InstanceModificationDto, @CurrentPrincipal() principal: Principal): Promise<InstanceControlDto> {
    const row = await this.modify.run(id, { activate: body.activate ?? [], cancel: body.cancel ?? [], comment: body.comment }, principal.name);
    return { id: row.id, state: row.state, suspended: row.suspended };
  }
}
