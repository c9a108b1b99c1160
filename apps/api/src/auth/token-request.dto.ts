import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class TokenRequestDto {
  @ApiProperty({ example: 'clerk.market-regulation' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  username: string;

  @ApiProperty({ example: 'clerk.market-regulation' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ example: '123456', description: 'the current TOTP code, for accounts with a second factor' })
  @IsOptional() @IsString() @Matches(/^\d{6}$/, { message: 'totp must be six digits' })
  totp?: string;
}

export class RefreshRequestDto {
  @ApiProperty({ description: 'the refresh token of the last sign-in or refresh; each is accepted once' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  refreshToken: string;
}

export class TokenUserDto {
  @ApiProperty() username: string;
  @ApiProperty({ type: [String], example: ['clerk'] }) roles: string[];
  @ApiProperty({ type: String, nullable: true, example: 'market-regulation' }) department: string | null;
  @ApiProperty({ type: String, nullable: true, example: '张三' }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true, description: "an applicant's account: their citizen ID number or unified social credit code" }) applicant: string | null;
}

export class TokenResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'exchange it at /auth/refresh for new tokens; accepted once' }) refreshToken: string;
  @ApiProperty({ description: 'seconds until the session ends' }) refreshExpiresIn: number;
  @ApiPropertyOptional({ enum: ['password-change', 'totp-enrolment'], description: 'the session may only change its one-time password, or enrol TOTP, until then' })
  restriction?: 'password-change' | 'totp-enrolment';
  @ApiProperty({ type: TokenUserDto }) user: TokenUserDto;
}
