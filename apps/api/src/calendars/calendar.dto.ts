import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PutCalendarYearDto {
  @ApiProperty({ type: [String], example: ['2027-01-01', '2027-02-06'], description: 'days off (放假), YYYY-MM-DD, all in the year of the path' })
  @IsArray() @ArrayMaxSize(366) @IsString({ each: true }) @Matches(DATE, { each: true, message: 'each holiday must be a date YYYY-MM-DD' })
  holidays: string[];

  @ApiProperty({ type: [String], example: ['2027-02-20'], description: 'Saturdays and Sundays that are working days (调休上班), YYYY-MM-DD' })
  @IsArray() @ArrayMaxSize(366) @IsString({ each: true }) @Matches(DATE, { each: true, message: 'each make-up working day must be a date YYYY-MM-DD' })
  workdays: string[];
}

export class CalendarYearDto {
  @ApiProperty({ example: 'cn' }) region: string;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ type: [String] }) holidays: string[];
  @ApiProperty({ type: [String] }) workdays: string[];
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'who entered the current version (chinese-days for the seeded years)' }) updatedBy: string;
}

export class CalendarPreviousDto {
  @ApiProperty({ type: [String] }) holidays: string[];
  @ApiProperty({ type: [String] }) workdays: string[];
}

export class CalendarChangeDto {
  @ApiProperty({ type: [String] }) holidays: string[];
  @ApiProperty({ type: [String] }) workdays: string[];
  @ApiProperty({ type: CalendarPreviousDto, nullable: true, description: 'the year as it was before this change; null when the change entered it' }) previous: CalendarPreviousDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) changedAt: string;
  @ApiProperty() changedBy: string;
}

export class CalendarYearWithHistoryDto extends CalendarYearDto {
  @ApiProperty({ type: [CalendarChangeDto], description: 'every change of this year, oldest first' }) history: CalendarChangeDto[];
}

export class CalendarSummaryDto {
  @ApiProperty({ example: 'cn' }) region: string;
  @ApiProperty({ example: 480, description: 'offset of the local time from UTC, minutes' }) utcOffsetMinutes: number;
  @ApiProperty({ type: [Number], example: [2024, 2025, 2026], description: 'the years whose holidays are known; working days are never counted outside them' }) years: number[];
}

export class CalendarListDto {
  @ApiProperty({ type: [CalendarSummaryDto] }) items: CalendarSummaryDto[];
}

export class DueDateQuery {
  @ApiProperty({ example: '2026-09-30', description: 'the day the limit starts from (the day of acceptance, not counted)' })
  @IsString() @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: 5, minimum: 0, maximum: 3650 })
  @Type(() => Number) @IsInt() @Min(0) @Max(3650)
  days: number;

  @ApiPropertyOptional({ enum: ['working', 'calendar'], default: 'working', description: 'working days, or natural days (a last day that is a day off moves to the next working day)' })
  @IsOptional() @IsIn(['working', 'calendar'])
  unit?: 'working' | 'calendar';
}

export class DueDateDto {
  @ApiProperty() region: string;
  @ApiProperty() from: string;
  @ApiProperty() days: number;
  @ApiProperty({ enum: ['working', 'calendar'] }) unit: string;
  @ApiProperty({ example: '2026-10-13', description: 'the last day of the limit' }) dueDate: string;
  @ApiProperty({ description: 'working days after `from` up to and including `dueDate`' }) workingDays: number;
}
