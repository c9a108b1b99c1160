import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class SupplementMaterialDto {
  @ApiProperty({ example: '经营场所平面布局图' }) @IsString() @MaxLength(200) name: string;
  @ApiProperty({ description: 'id from POST /api/v1/attachments' }) @IsString() @MaxLength(64) attachmentId: string;
}

/** `POST /api/v1/applications/{id}/supplements`: the applicant's answer to the open correction request. */
export class SupplementDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'new values of exactly the fields asked for' })
  @IsOptional() @IsObject() form?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [SupplementMaterialDto], description: 'uploads of exactly the materials asked for' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SupplementMaterialDto) materials?: SupplementMaterialDto[];
}
