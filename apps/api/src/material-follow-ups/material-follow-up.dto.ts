import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PagingQuery } from '../http/paging.dto';

export class MaterialFollowUpQuery extends PagingQuery {
  @ApiPropertyOptional({ description: 'a clerk always sees the own department' }) @IsOptional() @IsString() @MaxLength(64) department?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() applicationId?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) state?: 'open' | 'closed';
}

export class CloseMaterialFollowUpDto {
  @ApiProperty({ example: '已电话联系申请人，约定本周五前补交。', maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) comment: string;
}

export class TerminateMaterialFollowUpDto {
  @ApiProperty({ example: '容缺材料逾期未补交，经电话告知仍未补交，本事项终止办理。', maxLength: 2000, description: 'The opinion, shown to the applicant as the notice of the termination' })
  @IsString() @MinLength(1) @MaxLength(2000) comment: string;
}

export class MaterialFollowUpDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ example: 'SH-SCJG-001' }) item: string;
  @ApiProperty({ example: '食品安全管理制度' }) material: string;
  @ApiProperty() department: string;
  @ApiProperty({ description: 'the deadline the material missed' }) deadlineAt: Date;
  @ApiProperty({ enum: ['open', 'closed'] }) state: string;
  @ApiProperty() openedAt: Date;
  @ApiProperty({ type: Date, nullable: true }) closedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) closedBy: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['handed-in', 'followed-up', 'terminated'], description: 'handed-in: the material arrived late; followed-up: the department recorded its follow-up; terminated: the department terminated the item' }) closeReason: string | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
}

export class MaterialFollowUpPageDto {
  @ApiProperty({ type: [MaterialFollowUpDto] }) items: MaterialFollowUpDto[];
  @ApiProperty() total: number;
}
