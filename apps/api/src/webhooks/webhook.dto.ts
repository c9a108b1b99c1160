import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DOMAIN_EVENT_TYPES } from '@tongban/runtime';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://portal.example.gov.cn/hooks/tongban', description: 'http or https; in production not a loopback or private address' })
  @IsString() @MaxLength(2000) url: string;
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) eventTypes: string[];
  @ApiPropertyOptional({ description: 'the HMAC key; generated and shown once when absent' }) @IsOptional() @IsString() @MinLength(16) @MaxLength(200) secret?: string;
}
