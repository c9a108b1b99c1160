import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from '@tongban/identity';

const BELOW_NATION = REGION_LEVELS.filter((level) => level !== 'nation');

export class CreateRegionDto {
  @ApiProperty({ example: 'zj-hz', description: 'lowercase letters, digits and "-" (1–32 characters); never changes' })
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{0,31}$/, { message: 'code may use lowercase letters, digits and "-" (1–32 characters)' })
  code: string;

  @ApiProperty({ example: '杭州市' })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'zj', description: 'the region above: the admin\'s own or one below it' })
  @IsString() @MaxLength(32)
  parent: string;

  @ApiProperty({ enum: BELOW_NATION, example: 'city', description: 'below the parent\'s level' })
  @IsIn(BELOW_NATION)
  level: RegionLevel;
}

export class RegionDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the region above; null for the root' }) parent: string | null;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
}

export class RegionListDto {
  @ApiProperty({ type: [RegionDto] }) items: RegionDto[];
}
