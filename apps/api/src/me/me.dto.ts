import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ description: 'at least the configured length (12 by default), not containing the user name, not a common password' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  newPassword: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'base32 secret, shown once' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Tongban%3Aadmin?secret=…' }) otpauthUri: string;
}

export class ConfirmTotpDto {
  @ApiProperty({ example: '123456' })
  @IsString() @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code: string;
}

export class MeDto {
  @ApiProperty() username: string;
  @ApiPropertyOptional({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) department: string | null;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty() totpEnabled: boolean;
}
