import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PagingQuery } from '../http/paging.dto';

export class DefinitionQuery extends PagingQuery {
  @ApiPropertyOptional({ description: 'process key (the BPMN process id)' })
  @IsOptional() @IsString() @MaxLength(255)
  key?: string;

  @ApiPropertyOptional({ description: 'only the latest version of each key' })
  @IsOptional() @Transform(({ value }) => value === true || value === 'true') @IsBoolean()
  latest?: boolean;
}

export class DefinitionDto {
  @ApiProperty() id: string;
  @ApiProperty() key: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty() deploymentId: string;
  @ApiProperty() resourceName: string;
  @ApiProperty() createdAt: Date;
}

export class DefinitionDetailDto extends DefinitionDto {
  @ApiProperty({ description: 'the deployed BPMN XML' }) xml: string;
}

export class DefinitionPageDto {
  @ApiProperty({ type: [DefinitionDto] }) items: DefinitionDto[];
  @ApiProperty() total: number;
}
