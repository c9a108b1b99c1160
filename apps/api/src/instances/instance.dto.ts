import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { INSTANCE_ROW_STATES, type InstanceRowState } from '@tongban/runtime';
import { PagingQuery } from '../http/paging.dto';

export class StartInstanceDto {
  @ApiProperty({ example: 'three-department-approval' })
  @IsString() @IsNotEmpty() @MaxLength(255)
  processKey: string;

  @ApiPropertyOptional({ description: 'a deployed version; the latest when absent' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;

  @ApiPropertyOptional({ example: 'APP-2026-000123' })
  @IsOptional() @IsString() @MaxLength(255)
  businessKey?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'refuse the start (409 BUSINESS_KEY_TAKEN) when a running instance of the process has the same businessKey' })
  @IsOptional() @IsBoolean()
  uniqueBusinessKey?: boolean;
}

export class InstanceQuery extends PagingQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255)
  processKey?: string;

  @ApiPropertyOptional({ enum: INSTANCE_ROW_STATES }) @IsOptional() @IsIn(INSTANCE_ROW_STATES)
  state?: InstanceRowState;

  @ApiPropertyOptional({ description: 'instances called by this instance' }) @IsOptional() @IsUUID()
  parentId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255)
  businessKey?: string;

  @ApiPropertyOptional({ description: 'part of the business key, any case (the monitor\'s search)', example: '2026-00' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  businessKeyContains?: string;

  @ApiPropertyOptional({ description: 'instances with a task of this department', example: 'fire-rescue' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  department?: string;

  @ApiPropertyOptional({ description: 'started at or after this date or instant (ISO 8601)', example: '2026-03-01' })
  @IsOptional() @IsISO8601({ strict: true })
  startedFrom?: string;

  @ApiPropertyOptional({ description: 'started before this date or instant (ISO 8601)', example: '2026-04-01' })
  @IsOptional() @IsISO8601({ strict: true })
  startedBefore?: string;
}

export class InstanceDto {
  @ApiProperty() id: string;
  @ApiProperty() processKey: string;
  @ApiProperty() version: number;
  @ApiProperty() definitionId: string;
  @ApiProperty({ type: String, nullable: true }) businessKey: string | null;
  @ApiProperty({ type: String, nullable: true }) parentId: string | null;
  @ApiProperty({ enum: INSTANCE_ROW_STATES }) state: InstanceRowState;
  @ApiProperty({ type: String, nullable: true, example: 'approved', description: 'what the case came to: the `tongban:outcome` of the end event it reached (approved, rejected, …); null while running or when the end event declares none' })
  outcome: string | null;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ type: Date, nullable: true }) endedAt: Date | null;
}

export class InstanceDetailDto extends InstanceDto {
  @ApiProperty({ description: 'suspended by an operator; resumed with POST /process-instances/:id/resume' }) suspended: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) variables: Record<string, unknown>;
  @ApiProperty({ type: [String] }) activeElementIds: string[];
}

export class InstancePageDto {
  @ApiProperty({ type: [InstanceDto] }) items: InstanceDto[];
  @ApiProperty() total: number;
}

export class HistoryItemDto {
  @ApiProperty({ example: 'element.entered' }) type: string;
  @ApiProperty({ type: String, nullable: true }) elementId: string | null;
  @ApiProperty({ type: String, nullable: true }) elementKey: string | null;
  @ApiProperty() at: Date;
  @ApiPropertyOptional() actor?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) data?: Record<string, unknown>;
}

export class HistoryDto {
  @ApiProperty({ type: [HistoryItemDto] }) items: HistoryItemDto[];
}
