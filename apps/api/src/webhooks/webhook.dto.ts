import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DOMAIN_EVENT_TYPES } from '@tongban/runtime';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://portal.example.gov.cn/hooks/tongban', description: 'http or https; in production not a loopback or private address' })
  @IsString() @MaxLength(2000) url: string;
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) eventTypes: string[];
  @ApiPropertyOptional({ description: 'the HMAC key; generated and shown once when absent' }) @IsOptional() @IsString() @MinLength(16) @MaxLength(200) secret?: string;
}

/** A webhook subscription (its secret is shown once, when it is created). */
export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'apikey:portal', description: 'who subscribed' }) owner: string;
  @ApiProperty({ example: 'https://portal.example.gov.cn/tongban-events' }) url: string;
  @ApiProperty({ type: [String], example: ['application.decided'] }) eventTypes: string[];
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class CreatedWebhookSubscriptionDto extends WebhookSubscriptionDto {
  @ApiProperty({ description: 'the HMAC secret the deliveries are signed with; shown in this answer only' }) secret: string;
}

export class WebhookSubscriptionListDto {
  @ApiProperty({ type: [WebhookSubscriptionDto] }) items: WebhookSubscriptionDto[];
}

/** One HTTP attempt of a delivery. */
export class WebhookAttemptDto {
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'the response status; null on a timeout or network error' }) status: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the start of the response body' }) responseExcerpt: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'application.decided' }) eventType: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event as sent (the request body)' }) event: Record<string, unknown>;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) state: 'pending' | 'delivered' | 'failed';
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) deliveredAt: Date | null;
  @ApiProperty({ type: [WebhookAttemptDto] }) log: WebhookAttemptDto[];
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
}
