import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class FollowUpQuery {
  @ApiPropertyOptional({ description: 'department code (a clerk always sees the own department)' }) @IsOptional() @IsString() @MaxLength(64) department?: string;
  @ApiPropertyOptional({ enum: ['callback-pending', 'rectification-pending', 'closed'] })
  @IsOptional() @IsIn(['callback-pending', 'rectification-pending', 'closed']) state?: 'callback-pending' | 'rectification-pending' | 'closed';
}

export class FollowUpStepDto {
  @ApiProperty({ maxLength: 2000, description: 'what the department did and heard' }) @IsString() @MinLength(1) @MaxLength(2000) comment: string;
  @ApiPropertyOptional({ maxLength: 2000, description: 'the rectification result (整改结果)' }) @IsOptional() @IsString() @MaxLength(2000) result?: string;
}

export class RatingExportQuery {
  @ApiProperty({ example: '2026-12-01T00:00:00+08:00', description: 'first instant (inclusive)' }) @IsISO8601() from: string;
  @ApiProperty({ example: '2027-01-01T00:00:00+08:00', description: 'last instant (exclusive)' }) @IsISO8601() to: string;
}
