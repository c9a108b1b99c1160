import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_COMMENT_LENGTH } from '@tongban/runtime';
import { PagingQuery } from '../http/paging.dto';

export class CopyTaskDto {
  @ApiPropertyOptional({ type: [String], example: ['supervisor'], description: 'the users who get a copy. Give this or `departments`' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(255, { each: true })
  users?: string[];

  @ApiPropertyOptional({ type: [String], example: ['fire-rescue'], description: 'departments whose active clerks each get a copy. Give this or `users`' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(255, { each: true })
  departments?: string[];

  @ApiProperty({ example: '请知悉该件审批进展。', description: 'the note that goes with the copy (kept in the history); at most 2000 characters' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_COMMENT_LENGTH)
  comment: string;
}

export class TaskCopyRefDto {
  @ApiProperty() id: string;
  @ApiProperty() recipient: string;
}

export class TaskCopiedDto {
  @ApiProperty() taskId: string;
  @ApiProperty({ type: [TaskCopyRefDto] }) copies: TaskCopyRefDto[];
}

export class CcQuery extends PagingQuery {
  @ApiPropertyOptional({ description: 'only the copies not marked read' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  unread?: boolean;
}

export class CcApplicantDto {
  @ApiProperty({ example: 'citizen' }) type: string;
  @ApiProperty({ example: '张*', description: "a citizen's name masked" }) name: string;
  @ApiProperty({ example: '1101**********1234', description: "a citizen's ID number masked; a company's credit code as it is" }) code: string;
}

export class CcCaseSummaryDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() bundleCode: string;
  @ApiProperty({ type: CcApplicantDto }) applicant: CcApplicantDto;
}

export class TaskCopyDto {
  @ApiProperty() id: string;
  @ApiProperty() taskId: string;
  @ApiProperty() processInstanceId: string;
  @ApiProperty() processKey: string;
  @ApiProperty() elementId: string;
  @ApiProperty({ type: String, nullable: true }) taskName: string | null;
  @ApiProperty({ type: String, nullable: true }) department: string | null;
  @ApiProperty({ description: 'the task\'s state now' }) taskState: string;
  @ApiProperty({ type: String, nullable: true, description: 'the task\'s decision once completed' }) decision: string | null;
  @ApiProperty() recipient: string;
  @ApiProperty() sentBy: string;
  @ApiProperty() sentAt: Date;
  @ApiProperty() comment: string;
  @ApiProperty({ type: Date, nullable: true }) readAt: Date | null;
  @ApiPropertyOptional({ type: CcCaseSummaryDto, description: 'for a bundle case: the application and its applicant, personal values masked' }) case?: CcCaseSummaryDto;
}

export class TaskCopyPageDto {
  @ApiProperty({ type: [TaskCopyDto] }) items: TaskCopyDto[];
  @ApiProperty() total: number;
}
