import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One item's level within a rating. */
export class ItemLevelDto {
  @ApiProperty({ example: 'SH-SCJG-001' }) item: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) level: number;
}

/** An applicant's rating (好差评) of a case. */
export class RatingDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() bundleCode: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: '5 非常满意 … 1 非常不满意' }) level: number;
  @ApiProperty({ type: [ItemLevelDto] }) items: ItemLevelDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) comment: string | null;
  @ApiProperty() ratedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

/** A poor rating's follow-up for one department: call back (回访), then rectify (整改). */
export class FollowUpDto {
  @ApiProperty() id: string;
  @ApiProperty() ratingId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() department: string;
  @ApiProperty({ enum: ['callback-pending', 'rectification-pending', 'closed'] }) state: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while it is not counted (`dueProblem`)' }) dueAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'why the due date is not counted yet (CALENDAR_YEAR_UNKNOWN: it reaches a year the calendar does not know; counted from the rating when the year is entered)' }) dueProblem: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) callbackComment: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) callbackBy: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) callbackAt: Date | null;
  @ApiPropertyOptional({ type: String, nullable: true }) rectificationComment: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) rectificationResult: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) rectifiedBy: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) rectifiedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

/** A rating with the follow-ups its poor levels opened. */
export class RatingWithFollowUpsDto {
  @ApiProperty({ type: RatingDto }) rating: RatingDto;
  @ApiProperty({ type: [FollowUpDto] }) followUps: FollowUpDto[];
}

export class FollowUpListDto {
  @ApiProperty({ type: [FollowUpDto] }) items: FollowUpDto[];
}
