import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { MAX_COMMENT_LENGTH } from '@tongban/runtime';
import { TaskDto } from './task.dto';

/** One thing the applicant must correct: a field or a material of the task's item, and why. */
export class CorrectionAskDto {
  @ApiPropertyOptional({ example: 'premises.areaM2', description: "a field key of the task's item (give a field or a material)" })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) field?: string;

  @ApiPropertyOptional({ example: '经营场所平面布局图', description: "a material name of the task's item" })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) material?: string;

  @ApiProperty({ example: '面积与平面图不符' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

/** `POST /api/v1/tasks/{id}/correction`: return the case to the applicant, listing everything once (一次性告知). */
export class RequestCorrectionDto {
  @ApiProperty({ type: [CorrectionAskDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => CorrectionAskDto) items: CorrectionAskDto[];

  @ApiProperty({ example: 5, description: 'working days on the catalogue calendar the applicant has to answer' })
  @IsInt() @Min(1) @Max(60) deadlineDays: number;

  @ApiPropertyOptional({ example: '请一次性补正以下内容。' }) @IsOptional() @IsString() @MaxLength(MAX_COMMENT_LENGTH) comment?: string;
}

export class FieldChangeDto {
  @ApiProperty() field: string;
  @ApiProperty({ nullable: true, description: 'any JSON value' }) before: unknown;
  @ApiProperty({ nullable: true, description: 'any JSON value' }) after: unknown;
}

/** A task's correction request and, once given, the applicant's answer with the changes. */
export class TaskCorrectionDto {
  @ApiProperty({ enum: ['open', 'answered'] }) state: string;
  @ApiProperty({ type: [CorrectionAskDto] }) asked: CorrectionAskDto[];
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-10-15', description: 'null while the deadline is not counted (`deadlineProblem`)' }) deadlineDate: string | null;
  @ApiProperty({ type: Date, nullable: true }) deadline: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'why the deadline is not counted yet (CALENDAR_YEAR_UNKNOWN: it reaches a year the calendar does not know; counted from the request when the year is entered, the applicant may answer meanwhile)' }) deadlineProblem: string | null;
  @ApiProperty() requestedAt: Date;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) answered: object | null;
  @ApiProperty({ type: Date, nullable: true }) answeredAt: Date | null;
  @ApiProperty({ type: [FieldChangeDto], nullable: true }) diff: FieldChangeDto[] | null;
}

export class TaskWithCorrectionDto extends TaskDto {
  @ApiProperty({ type: TaskCorrectionDto }) declare correction: TaskCorrectionDto;
}
