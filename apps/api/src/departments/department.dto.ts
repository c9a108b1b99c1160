import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'tax', description: 'lowercase letters, digits and "-"; never changes' })
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'code may use lowercase letters, digits and "-" (2–64 characters)' })
  code: string;

  @ApiProperty({ example: '税务局' })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'cn', description: 'a region the admin manages (its own or one below); the admin\'s own when absent' })
  @IsOptional() @IsString() @MaxLength(32)
  region?: string;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: '国家税务总局某市税务局' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'true disables the department (no new users may join it), false enables it again' })
  @IsOptional() @IsBoolean()
  disabled?: boolean;
}

export class DepartmentQuery {
  @ApiPropertyOptional({ description: 'also list disabled departments' })
  @IsOptional() @Transform(({ value }) => value === true || value === 'true') @IsBoolean()
  includeDisabled?: boolean;
}

export class DepartmentDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'the region the department belongs to' }) region: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class DepartmentListDto {
  @ApiProperty({ type: [DepartmentDto] }) items: DepartmentDto[];
}
