import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A terminus health check result: the overall status and each indicator's. */
export class ProbeResultDto {
  @ApiProperty({ enum: ['ok', 'error', 'degraded', 'shutting_down'], example: 'ok' })
  status: 'ok' | 'error' | 'degraded' | 'shutting_down';

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Indicators that are up, by name (`database`, `redis`)', example: { database: { status: 'up' }, redis: { status: 'up' } } })
  info?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Indicators that are down, by name, with a message', example: {} })
  error?: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Every indicator, up or down' })
  details: Record<string, unknown>;
}
