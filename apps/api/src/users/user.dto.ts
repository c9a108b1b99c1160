import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@tongban/identity';
import { PagingQuery } from '../http/paging.dto';

const STAFF_ROLE_NAMES = ROLES.filter((role) => role !== 'integrator' && role !== 'applicant');

export class CreateUserDto {
  @ApiProperty({ example: 'clerk.li-na', description: 'letters, digits, ".", "_" and "-"; 2–64 characters' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, { message: 'username may use letters, digits, ".", "_" and "-" (2–64 characters)' })
  username: string;

  @ApiPropertyOptional({ example: '李娜' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'market-regulation', description: 'a department code' })
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @MaxLength(100)
  department?: string | null;

  @ApiPropertyOptional({ example: 'cn', description: 'a region the admin manages (its own or one below); the admin\'s own when absent' })
  @IsOptional() @IsString() @MaxLength(32)
  region?: string;

  @ApiProperty({ enum: STAFF_ROLE_NAMES, isArray: true, example: ['clerk'] })
  @IsArray() @ArrayMinSize(1) @IsIn(STAFF_ROLE_NAMES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ description: 'the initial one-time password (the policy applies); generated and returned once when absent' })
  @IsOptional() @IsString() @MaxLength(200)
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'a department code, or null' })
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @MaxLength(100)
  department?: string | null;

  @ApiPropertyOptional({ enum: STAFF_ROLE_NAMES, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(STAFF_ROLE_NAMES, { each: true })
  roles?: Role[];
}

export class ResetPasswordDto {
  @ApiPropertyOptional({ description: 'the one-time password to set; generated and returned once when absent' })
  @IsOptional() @IsString() @MaxLength(200)
  password?: string;
}

export class UserQuery extends PagingQuery {
  @ApiPropertyOptional({ description: 'only users of this department' })
  @IsOptional() @IsString() @MaxLength(100)
  department?: string;
}

export class UserDto {
  @ApiProperty() username: string;
  @ApiPropertyOptional({ type: String, nullable: true }) displayName: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) department: string | null;
  @ApiProperty({ description: 'the region the user belongs to' }) region: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty() disabled: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) disabledAt: Date | null;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty() totpEnabled: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
}

export class UserWithPasswordDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiPropertyOptional({ description: 'the generated one-time password, shown only in this response' }) oneTimePassword?: string;
}
