import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class TokenRequestDto {
  @ApiProperty({ example: 'clerk.market-regulation' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  username: string;

  @ApiProperty({ example: 'clerk.market-regulation' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  password: string;
}

export class TokenUserDto {
  @ApiProperty() username: string;
  @ApiProperty({ type: [String], example: ['clerk'] }) roles: string[];
  @ApiProperty({ type: String, nullable: true, example: 'market-regulation' }) department: string | null;
}

export class TokenResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: TokenUserDto }) user: TokenUserDto;
}
