import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { BoundedPagingQuery, PagingQuery } from '../http/paging.dto';

const STATUSES = ['yellow', 'red', 'overdue'] as const;

export class SupervisionCasesQuery extends BoundedPagingQuery {
  @ApiPropertyOptional({ description: 'the `next` of the previous page: the cases after it in the same order (keyset paging, as fast at any depth)', example: 'red~1764000000000000~0b9c5a8e-3f1d-4a57-9c61-2f0d8e7b6a13' })
  @IsOptional() @IsString() @MaxLength(120) after?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: 'the level of a running task clock of the case; every warned level when absent' })
  @IsOptional() @IsIn(STATUSES) status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ example: 'fire-rescue' }) @IsOptional() @IsString() @MaxLength(64) department?: string;

  @ApiPropertyOptional({ example: 'SH-XF-003', description: 'service item code' }) @IsOptional() @IsString() @MaxLength(64) item?: string;
}

export class SupervisedApplicantDto {
  @ApiProperty({ example: 'company' }) type: string;
  @ApiProperty({ description: 'a citizen ID number masked (GB/T 35273); a credit code as is' }) code: string;
  @ApiProperty({ description: "a citizen's name masked" }) name: string;
}

export class SupervisedCaseDto {
  @ApiProperty({ type: String, nullable: true }) applicationId: string | null;
  @ApiProperty() processInstanceId: string;
  @ApiProperty({ type: String, nullable: true }) bundleCode: string | null;
  @ApiProperty({ type: SupervisedApplicantDto, nullable: true }) applicant: SupervisedApplicantDto | null;
  @ApiProperty({ enum: STATUSES, description: 'the worst level of the matching running task clocks' }) status: string;
  @ApiProperty({ type: Date, nullable: true, description: 'the earliest promised due instant of those clocks' }) dueAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) legalDueAt: Date | null;
  @ApiProperty({ type: [String] }) departments: string[];
  @ApiProperty({ type: [String] }) items: string[];
  @ApiProperty({ type: [String] }) taskIds: string[];
}

export class SupervisedCasePageDto {
  @ApiProperty({ type: [SupervisedCaseDto] }) items: SupervisedCaseDto[];
  @ApiProperty({ description: 'the warned cases, exact while at most 1,000 running clocks match; beyond, the cases of the first 1,000 (a lower bound, `totalExact` false)' }) total: number;
  @ApiProperty({ description: 'false when more than 1,000 running clocks match and `total` is a lower bound' }) totalExact: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'the `after` of the following page; null on the last one' }) next: string | null;
}

export class SupervisionStatsQuery {
  @ApiProperty({ enum: ['department', 'item'] }) @IsIn(['department', 'item']) groupBy: 'department' | 'item';
  @ApiProperty({ example: '2026-12-01T00:00:00+08:00', description: 'first instant (inclusive): task clocks started from then' }) @IsISO8601() from: string;
  @ApiProperty({ example: '2027-01-01T00:00:00+08:00', description: 'last instant (exclusive); at most 366 days after from' }) @IsISO8601() to: string;
}

export class SupervisionStatsGroupDto {
  @ApiProperty({ description: 'the department or item code' }) key: string;
  @ApiProperty({ description: 'task clocks started in the period' }) tasks: number;
  @ApiProperty() finished: number;
  @ApiProperty() finishedOnTime: number;
  @ApiProperty({ type: Number, nullable: true, description: 'finished on time ÷ finished' }) onTimeRate: number | null;
  @ApiProperty() running: number;
  @ApiProperty() yellow: number;
  @ApiProperty() red: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ type: Number, nullable: true, description: 'working days from start to end of the finished tasks, on average' }) averageWorkingDays: number | null;
  @ApiProperty({ description: 'pauses (补正, 特别程序) of the cases' }) pauses: number;
  @ApiProperty() ratings: number;
  @ApiProperty() poorRatings: number;
  @ApiProperty({ type: Number, nullable: true, description: '5 非常满意 … 1 非常不满意' }) averageRating: number | null;
  @ApiProperty() followUps: number;
  @ApiProperty() openFollowUps: number;
  @ApiProperty() directives: number;
  @ApiProperty() unansweredDirectives: number;
  @ApiProperty({ description: 'unanswered past their reply time' }) overdueDirectives: number;
}

export class SupervisionStatsDto {
  @ApiProperty({ enum: ['department', 'item'] }) groupBy: string;
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty({ type: [SupervisionStatsGroupDto] }) groups: SupervisionStatsGroupDto[];
}

export class CreateDirectiveDto {
  @ApiProperty({ example: '请说明超期原因并于时限内办结。', maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) comment: string;
  @ApiProperty({ example: 2, minimum: 1, maximum: 60, description: 'working days the department has to reply' }) @Type(() => Number) @IsInt() @Min(1) @Max(60) replyWithinDays: number;
  @ApiPropertyOptional({ example: 'fire-rescue', description: 'the department; when absent, each department with a running task of the case (else each of its items)' })
  @IsOptional() @IsString() @MaxLength(64) department?: string;
}

export class DirectiveReplyDto {
  @ApiProperty({ example: '已完成现场核查，今日办结。', maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) comment: string;
}

export class DirectiveDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() department: string;
  @ApiProperty() comment: string;
  @ApiProperty() replyWithinDays: number;
  @ApiProperty({ type: Date, nullable: true, description: 'the end of the last working day to reply; null while it is not counted (`dueProblem`)' }) dueAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'why the reply time is not counted yet (CALENDAR_YEAR_UNKNOWN: it reaches a year the calendar does not know; counted from the directive when the year is entered)' }) dueProblem: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: String, nullable: true }) reply: string | null;
  @ApiProperty({ type: String, nullable: true }) repliedBy: string | null;
  @ApiProperty({ type: Date, nullable: true }) repliedAt: Date | null;
  @ApiProperty({ enum: ['open', 'answered', 'overdue'] }) state: string;
}

export class DirectiveListDto {
  @ApiProperty({ type: [DirectiveDto] }) items: DirectiveDto[];
}

export class DirectivePageDto {
  @ApiProperty({ type: [DirectiveDto] }) items: DirectiveDto[];
  @ApiProperty() total: number;
}

export class DirectiveQuery extends PagingQuery {
  @ApiPropertyOptional({ description: 'a clerk always sees the own department' }) @IsOptional() @IsString() @MaxLength(64) department?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() applicationId?: string;
  @ApiPropertyOptional({ enum: ['open', 'answered'] }) @IsOptional() @IsIn(['open', 'answered']) state?: 'open' | 'answered';
}
