import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';

const LEVEL_DOC = '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意';

export class ItemRatingDto {
  @ApiProperty({ description: 'the service item code' }) @IsString() @MinLength(1) @MaxLength(64) item: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: LEVEL_DOC }) @IsInt() @IsIn([1, 2, 3, 4, 5]) level: number;
}

/** 好差评 of one case. */
export class RateApplicationDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: LEVEL_DOC }) @IsInt() @IsIn([1, 2, 3, 4, 5]) level: number;
  @ApiPropertyOptional({ type: [ItemRatingDto], description: 'levels of single items of the case, each at most once' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ItemRatingDto)
  items?: ItemRatingDto[];
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}
