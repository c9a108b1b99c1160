import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class PauseClockDto {
  @ApiProperty({ example: 'expert-review', description: 'the special procedure (特别程序): expert-review, hearing, inspection, …; lowercase letters and "-"' })
  @IsString() @Matches(/^[a-z][a-z-]{1,31}$/, { message: 'kind may use lowercase letters and "-" (2–32 characters), e.g. expert-review, hearing, inspection' })
  kind: string;

  @ApiPropertyOptional({ example: 'SH-SCJG-001', description: 'the item whose clock stops; absent: every item of the case (supervisors and admins only)' })
  @IsOptional() @IsString() @MaxLength(64)
  item?: string;

  @ApiProperty({ example: '组织专家评审' })
  @IsString() @MinLength(1) @MaxLength(500)
  reason: string;
}

export class ClockPauseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: the whole case' }) item: string | null;
  @ApiProperty() kind: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, format: 'date-time' }) pausedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resumedAt: Date | null;
}

const STATUS = ['normal', 'yellow', 'red', 'overdue'];

export class ItemClockDto {
  @ApiProperty() item: string;
  @ApiProperty() name: string;
  @ApiProperty() department: string;
  @ApiProperty({ enum: ['working', 'calendar', 'working-hours', 'hours'], description: 'working or natural days, or (秒办/即办) working hours inside the daily window or wall-clock hours' }) unit: string;
  @ApiProperty({ description: 'the promised limit, in hours for an hour unit' }) promisedDays: number;
  @ApiProperty({ description: 'the legal limit, in hours for an hour unit' }) legalDays: number;
  @ApiProperty({ type: Number, nullable: true, description: 'days counted so far, not counting the day of acceptance nor paused days; null when the promised limit cannot be counted' }) elapsedDays: number | null;
  @ApiProperty() pausedDays: number;
  @ApiProperty({ type: Number, nullable: true, description: 'promised days left (negative when overdue); null when the promised limit cannot be counted' }) remainingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null when the legal limit cannot be counted' }) legalRemainingDays: number | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-04' }) dueDate: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-25' }) legalDueDate: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'promised: the end of the due date, local time (the due instant itself for an hour unit)' }) dueAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) legalDueAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'why a limit is not counted (CALENDAR_YEAR_UNKNOWN: it reaches a year the calendar does not know yet; a legal one leaves the promised one counted)' }) clockProblem: string | null;
  @ApiProperty() paused: boolean;
  @ApiProperty({ description: 'false once the item\'s work ended' }) running: boolean;
  @ApiProperty({ enum: STATUS, description: 'an hour clock: yellow one hour before at most a fifth of its hours or one hour is left after the running hour, red in its last hour' }) status: string;
  @ApiPropertyOptional({ description: 'an hour limit: promised hours' }) promisedHours?: number;
  @ApiPropertyOptional({ description: 'an hour limit: legal hours' }) legalHours?: number;
  @ApiPropertyOptional({ description: 'an hour limit: hours counted so far, not counting paused hours' }) elapsedHours?: number;
  @ApiPropertyOptional({ description: 'an hour limit: hours its pauses stopped it' }) pausedHours?: number;
  @ApiPropertyOptional({ description: 'an hour limit: promised hours left (negative when overdue)' }) remainingHours?: number;
  @ApiPropertyOptional({ description: 'an hour limit: legal hours left' }) legalRemainingHours?: number;
}

export class CaseClockSummaryDto {
  @ApiProperty({ type: String, nullable: true, description: 'null while an item\'s promised limit cannot be counted' }) dueDate: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null while an item\'s legal limit cannot be counted' }) legalDueDate: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) dueAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) legalDueAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'the item whose promised time ends last' }) criticalItem: string | null;
  @ApiProperty({ type: Number, nullable: true }) remainingDays: number | null;
  @ApiPropertyOptional({ description: 'hours left of the critical item when its limit is in hours' }) remainingHours?: number;
  @ApiProperty() pausedDays: number;
  @ApiProperty({ enum: STATUS, description: 'the worst status of the running items' }) status: string;
  @ApiProperty({ description: 'a pause of the whole case is open' }) paused: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why the case\'s promised or legal time is not counted (CALENDAR_YEAR_UNKNOWN: an item\'s limit reaches a year the calendar does not know yet)' }) clockProblem: string | null;
}

export class CaseClockDto {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ type: String, format: 'date-time' }) acceptedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', description: 'the instant the clock was read' }) at: Date;
  @ApiProperty({ type: CaseClockSummaryDto }) case: CaseClockSummaryDto;
  @ApiProperty({ type: [ItemClockDto] }) items: ItemClockDto[];
  @ApiProperty({ type: [ClockPauseDto] }) pauses: ClockPauseDto[];
}
