import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class PublishMessageDto {
  @ApiProperty({ example: 'materials-supplemented', description: 'the message name the BPMN message events wait for' })
  @IsString() @IsNotEmpty() @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ example: 'APP-2026-000123', description: 'matched against the subscription\'s correlation key (zeebe:subscription / tongban:correlationKey)' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'number' ? String(value) : value)) @IsString() @MaxLength(255)
  correlationKey?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'the publisher\'s id; a second message with the same id is refused with 409 MESSAGE_DUPLICATE while the first is retained' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  messageId?: string;

  @ApiPropertyOptional({ description: 'milliseconds the message waits (buffered) for a subscriber when none waits now; 0 = not buffered', minimum: 0, default: 0 })
  @IsOptional() @IsInt() @Min(0)
  timeToLive?: number;
}

export class PublishResultDto {
  @ApiProperty({ description: 'id of the published message' }) id: string;
  @ApiPropertyOptional() messageId?: string;
  @ApiProperty({ type: [String], description: 'instances whose waiting subscription received the message' }) correlated: string[];
  @ApiProperty({ type: [String], description: 'instances started by a message start event' }) started: string[];
  @ApiProperty({ description: 'no subscriber waited: buffered until it expires, for the first instance that subscribes' }) buffered: boolean;
}
