import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_COMMENT_LENGTH } from '@tongban/runtime';

const OPERATIONS = ['claim', 'unclaim', 'complete', 'draft', 'transfer', 'delegate', 'resolve', 'return', 'withdraw', 'urge', 'addSigners', 'removeSigner', 'cc'];

export class TransferTaskDto {
  @ApiPropertyOptional({ example: 'clerk.health', description: 'the new owner: the task is theirs (claimed), in their department. Give this or `toDepartment`' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  toUser?: string;

  @ApiPropertyOptional({ example: 'health', description: "the department whose queue gets the task (open, nobody's yet). Give this or `toUser`" })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  toDepartment?: string;

  @ApiProperty({ example: '属卫生健康部门职责，转办。', description: 'why (the opinion kept in the history); at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;
}

export class ReturnTaskDto {
  @ApiProperty({ example: 'acceptance', description: 'the earlier user task to send the case back to; one of the `targets` GET /tasks/{id}/operations lists' })
  @IsString() @IsNotEmpty() @MaxLength(255)
  toElementId: string;

  @ApiProperty({ example: '申请表缺少法定代表人签字，退回受理环节。', description: 'why (the opinion kept in the history); at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;
}

export class ReturnTargetDto {
  @ApiProperty() elementId: string;
  @ApiPropertyOptional() name?: string;
}

export class TaskOperationDto {
  @ApiProperty({ enum: OPERATIONS }) operation: string;
  @ApiProperty() allowed: boolean;
  @ApiPropertyOptional({ description: 'why not, when refused' }) reason?: string;
  @ApiPropertyOptional({ type: [ReturnTargetDto], description: 'for `return`: the earlier steps the case can go back to, nearest first' }) targets?: ReturnTargetDto[];
}

export class UrgeTaskDto {
  @ApiProperty({ example: '该件临近承诺时限，请尽快办理。', description: 'the reminder (kept in the history); at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;
}

export class TaskUrgeDto {
  @ApiProperty() id: string;
  @ApiProperty() taskId: string;
  @ApiProperty() instanceId: string;
  @ApiProperty() urgedBy: string;
  @ApiProperty() urgedAt: Date;
  @ApiProperty({ type: String, nullable: true, description: 'the assignee it reached, or null for the department queue' }) toAssignee: string | null;
  @ApiProperty({ type: String, nullable: true }) toDepartment: string | null;
  @ApiProperty() comment: string;
}

export class WithdrawTaskDto {
  @ApiProperty({ example: '意见有误，撤回修改。', description: 'why (kept in the history); at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;
}

export class DelegateTaskDto {
  @ApiProperty({ example: 'clerk.health.2', description: 'the clerk of the same department who works the task and hands it back (resolve)' })
  @IsString() @IsNotEmpty() @MaxLength(255)
  toUser: string;

  @ApiProperty({ example: '请协助核查现场照片。', description: 'what is asked (kept in the history); at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;
}

export class ResolveTaskDto {
  @ApiProperty({ example: '已核查，照片与现场一致。', description: 'the delegate\'s opinion for the owner; at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'values for the owner, kept as the task\'s draft until the owner completes it' })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;
}
