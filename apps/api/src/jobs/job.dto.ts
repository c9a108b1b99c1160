import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PagingQuery } from '../http/paging.dto';

/** The longest a job activation may wait for jobs (Camunda 8's gateway caps long polls alike). */
export const MAX_REQUEST_TIMEOUT_MS = 60_000;

export class ActivateJobsDto {
  @ApiProperty({ example: 'check-household-register', description: 'the job type (zeebe:taskDefinition type / tongban:taskType)' })
  @IsString() @IsNotEmpty() @MaxLength(255)
  type: string;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 10 })
  @IsInt() @Min(1) @Max(1000)
  maxJobs: number;

  @ApiPropertyOptional({ example: 'public-security-bureau-1', description: 'who activates the jobs (this or `worker` is required)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  workerId?: string;

  @ApiPropertyOptional({ example: 'public-security-bureau-1', description: 'Camunda 8 name of `workerId`' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  worker?: string;

  @ApiProperty({ description: 'milliseconds the jobs stay with this worker; then they are handed out again', example: 60000, minimum: 1 })
  @IsInt() @Min(1) @Max(7 * 24 * 3600 * 1000)
  timeout: number;

  @ApiPropertyOptional({ description: `long polling: when no job is activatable, milliseconds to wait for jobs of the type to be created before answering an empty list (0, the default, answers at once; at most ${MAX_REQUEST_TIMEOUT_MS})`, example: 20000, minimum: 0, maximum: MAX_REQUEST_TIMEOUT_MS })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_REQUEST_TIMEOUT_MS)
  requestTimeout?: number;
}

export class CompleteJobDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;
}

export class FailJobDto {
  @ApiProperty() @IsString() @MaxLength(4000)
  errorMessage: string;

  @ApiProperty({ description: 'retries left; 0 fails the job and raises an incident', minimum: 0 })
  @IsInt() @Min(0)
  retries: number;

  @ApiPropertyOptional({ description: 'milliseconds before the job can be activated again', minimum: 0 })
  @IsOptional() @IsInt() @Min(0)
  retryBackoff?: number;
}

export class ThrowJobErrorDto {
  @ApiProperty({ example: 'NOT_ELIGIBLE' }) @IsString() @IsNotEmpty() @MaxLength(255)
  errorCode: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000)
  errorMessage?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;
}

const JOB_STATES = ['activatable', 'activated', 'completed', 'failed', 'cancelled'] as const;

export class JobQuery extends PagingQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  processInstanceId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255)
  type?: string;

  @ApiPropertyOptional({ enum: JOB_STATES }) @IsOptional() @IsIn(JOB_STATES)
  state?: (typeof JOB_STATES)[number];
}

export class JobDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'the same as id (Camunda 8 name)' }) jobKey: string;
  @ApiProperty() type: string;
  @ApiProperty() processInstanceId: string;
  @ApiProperty({ description: 'the same as processInstanceId (Camunda 8 name)' }) processInstanceKey: string;
  @ApiProperty() processKey: string;
  @ApiProperty() elementId: string;
  @ApiProperty() retries: number;
  @ApiPropertyOptional({ nullable: true, type: String }) worker: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) deadline: Date | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) variables: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'static task headers (zeebe:taskHeaders)' }) customHeaders: Record<string, string>;
}

export class JobDetailDto extends JobDto {
  @ApiProperty({ enum: JOB_STATES }) state: string;
  @ApiPropertyOptional({ nullable: true, type: String }) errorMessage: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) errorCode: string | null;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) endedAt: Date | null;
}

export class ActivatedJobsDto {
  @ApiProperty({ type: [JobDto] }) jobs: JobDto[];
}

export class JobPageDto {
  @ApiProperty({ type: [JobDetailDto] }) items: JobDetailDto[];
  @ApiProperty() total: number;
}
