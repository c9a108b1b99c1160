import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { addDuration, parseIsoDuration } from '@tongban/engine';
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

  @ApiPropertyOptional({
    oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', example: 'PT1H' }],
    description: 'how long the message waits (buffered) for a subscriber when none waits now: milliseconds, or an ISO 8601 duration such as PT1H; 0 = not buffered',
    default: 0,
  })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? isoDurationMs(value) ?? value : value))
  @IsInt({ message: 'timeToLive must be milliseconds or an ISO 8601 duration such as PT1H' }) @Min(0)
  timeToLive?: number;
}

export class PublishResultDto {
  @ApiProperty({ description: 'id of the published message' }) id: string;
  @ApiPropertyOptional() messageId?: string;
  @ApiProperty({ type: [String], description: 'instances whose waiting subscription received the message' }) correlated: string[];
  @ApiProperty({ type: [String], description: 'instances started by a message start event' }) started: string[];
  @ApiProperty({ description: 'no subscriber waited: buffered until it expires, for the first instance that subscribes' }) buffered: boolean;
}

/** Milliseconds of an ISO 8601 duration (`PT30S`, `P1D`), or undefined when the text is not one. */
function isoDurationMs(text: string): number | undefined {
  const duration = parseIsoDuration(text);
  return duration ? addDuration(0, duration) : undefined;
}
