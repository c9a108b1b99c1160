import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A terminus health check result: the overall status and each indicator's. */
export class ProbeResultDto {
  @ApiProperty({ enum: ['ok', 'error', 'degraded', 'shutting_down'], example: 'ok' })
  status: 'ok' | 'error' | 'degraded' | 'shutting_down';

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Indicators that are up, by name (`database`, `redis`, and `replica` with `standby` and `lagSeconds` when DATABASE_READ_URL is set)', example: { database: { status: 'up' }, redis: { status: 'up' } } })
  info?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Indicators that are down, by name, with a message', example: {} })
  error?: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Every indicator, up or down' })
  details: Record<string, unknown>;
}

/** One dependency of `/health`. */
export class DependencyHealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: string;
  @ApiPropertyOptional() error?: string;
}

/** How far the working-day calendar reaches. */
export class CalendarCoverageDto {
  @ApiProperty({ example: 'cn' }) region: string;
  @ApiProperty({ enum: ['ok', 'ending', 'ended', 'missing'] }) status: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) lastYear: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'days from today to 31 December of lastYear' }) daysLeft: number | null;
  @ApiProperty() message: string;
}

/** `/health`: the api, its PostgreSQL and Redis, and the calendar's reach (a calendar warning does not make the api unhealthy). */
export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: string;
  @ApiProperty({ type: DependencyHealthDto }) database: DependencyHealthDto;
  @ApiProperty({ type: DependencyHealthDto }) redis: DependencyHealthDto;
  @ApiPropertyOptional({ type: CalendarCoverageDto }) calendar?: CalendarCoverageDto;
}
