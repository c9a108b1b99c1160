import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { MAX_COMMENT_LENGTH, TASK_COUNT_BOUND, TASK_STATES, type TaskState } from '@tongban/runtime';
import { KeysetPagingQuery, SORT_ORDERS } from '../http/paging.dto';

export class TaskQuery extends KeysetPagingQuery {
  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'asc', description: 'by creation: oldest first (asc) or newest first (desc)' }) @IsOptional() @IsIn(SORT_ORDERS)
  order?: (typeof SORT_ORDERS)[number];

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  processInstanceId?: string;

  @ApiPropertyOptional({ description: "a clerk may only ask for the own department" }) @IsOptional() @IsString() @MaxLength(255)
  department?: string;

  @ApiPropertyOptional({ enum: TASK_STATES }) @IsOptional() @IsIn(TASK_STATES)
  state?: TaskState;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255)
  assignee?: string;
}

export class CompleteTaskDto {
  @ApiPropertyOptional({
    example: 'approve',
    description: '`approve` or `reject`, or a decision the user task declares (`tongban:decisions="approve,reject,return-visit"`; then one is required). Written to the task\'s decision variable (`tongban:decisionVariable`, default `decision`) so gateways route on it',
  })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  decision?: string;

  @ApiPropertyOptional({ example: '材料齐全，符合条件，同意。', description: 'the written opinion (审批意见), kept with the task and in the history; at most 2000 characters' })
  @IsOptional() @IsString() @MaxLength(MAX_COMMENT_LENGTH)
  comment?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { inspectedOn: '2026-12-01' } })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;
}

export class TaskDraftDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) variables?: Record<string, unknown>;
  @ApiPropertyOptional() decision?: string;
  @ApiPropertyOptional() comment?: string;
  @ApiProperty() savedBy: string;
  @ApiProperty() savedAt: string;
}

export class SaveDraftDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { inspectedOn: '2026-12-01' } })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'approve' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  decision?: string;

  @ApiPropertyOptional({ example: '材料已核，待现场核查后出具意见。' }) @IsOptional() @IsString() @MaxLength(MAX_COMMENT_LENGTH)
  comment?: string;
}

export class TaskSignerDto {
  @ApiProperty({ type: String, nullable: true }) assignee: string | null;
  @ApiProperty({ type: String, nullable: true }) department: string | null;
  @ApiProperty() addedBy: string;
  @ApiProperty() comment: string;
}

export class TaskDto {
  @ApiProperty() id: string;
  @ApiProperty() processInstanceId: string;
  @ApiProperty() processKey: string;
  @ApiProperty() elementId: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) department: string | null;
  @ApiProperty({ type: [String] }) candidateGroups: string[];
  @ApiProperty({ type: String, nullable: true }) assignee: string | null;
  @ApiProperty({ enum: TASK_STATES }) state: TaskState;
  @ApiProperty({ type: 'object', additionalProperties: true }) variables: Record<string, unknown>;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) claimedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) endedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) completedBy: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'approve', description: 'the completion\'s decision' }) decision: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the completion\'s written opinion (审批意见)' }) comment: string | null;
  @ApiProperty({ type: String, nullable: true, description: '委派: the owner who delegated the task and decides on it' }) owner: string | null;
  @ApiProperty({ type: String, enum: ['pending', 'resolved'], nullable: true, description: '委派: pending while the delegate works it, resolved once handed back' }) delegationState: 'pending' | 'resolved' | null;
  @ApiProperty({ type: String, nullable: true, description: '加签: the task this signer\'s task signs for; null for the model\'s own tasks' }) signOf: string | null;
  @ApiProperty({ type: String, enum: ['before', 'after'], nullable: true, description: '加签: whether this signer works before (the signed task waits in state signing) or after the task it signs for' }) signPosition: 'before' | 'after' | null;
  @ApiProperty({ type: [TaskSignerDto], description: '后加签: the signers who work after this task once it completes' }) signersAfter: TaskSignerDto[];
  @ApiProperty({ type: TaskDraftDto, nullable: true, description: 'work saved without completing (PUT /tasks/{id}/draft); cleared on completion' }) draft: TaskDraftDto | null;
  @ApiPropertyOptional({ type: Date, nullable: true, description: "promised due instant (承诺时限): `zeebe:taskSchedule` dueDate, else the earlier of the step's `tongban:timeLimitDays` or `tongban:timeLimitHours` (from the task's creation) and its item's promised limit (from acceptance), moved by pauses; the end of the last day, local time (GET /tasks and GET /tasks/{id})" })
  dueAt?: Date | null;
  @ApiPropertyOptional({ type: Date, nullable: true, description: "legal due instant (法定时限): the item's legal limit, else the step's" }) legalDueAt?: Date | null;
  @ApiPropertyOptional({ type: Date, nullable: true, description: '`zeebe:taskSchedule` followUpDate' }) followUpAt?: Date | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'days left to the promised due date, in the limit\'s unit (working days for a working-day limit); negative when overdue' }) remainingDays?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'working (or wall-clock) hours left of an hour limit (秒办/即办: `limitUnit` working-hours or hours); negative when overdue; null for a day limit' }) remainingHours?: number | null;
  @ApiPropertyOptional({ type: String, enum: ['working-days', 'natural-days', 'working-hours', 'hours'], nullable: true }) limitUnit?: 'working-days' | 'natural-days' | 'working-hours' | 'hours' | null;
  @ApiPropertyOptional({ enum: ['normal', 'yellow', 'red', 'overdue'], description: 'the warning level of the promised clock' }) clockStatus?: 'normal' | 'yellow' | 'red' | 'overdue';
  @ApiPropertyOptional({ description: 'the clock is paused (补正, 特别程序)' }) clockPaused?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'why the clock cannot be counted (CALENDAR_YEAR_UNKNOWN: a year the calendar does not know yet)' }) clockProblem?: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "a bundle step's view (GET /tasks/{id} only): its item's fields, materials and certificates",
  })
  step?: object;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'the latest correction request (补正) of the task (GET /tasks/{id} only): `{state, asked, answered, diff: [{field, before, after}], deadlineDate}`',
  })
  correction?: object;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items: TaskDto[];
  @ApiProperty({ description: `the matching tasks, counted up to ${TASK_COUNT_BOUND} (then \`totalExact\` is false)` }) total: number;
  @ApiProperty({ description: `false when more than ${TASK_COUNT_BOUND} tasks match and \`total\` is that bound` }) totalExact: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'the `after` of the following page; null on the last one' }) next: string | null;
}
