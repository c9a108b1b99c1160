import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export class NotificationQuery {
  @ApiPropertyOptional({ description: 'only unread ones' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() unread?: boolean;
  @ApiPropertyOptional({ description: "an integrator key acting for applicants: the applicant's citizen ID number or credit code" })
  @IsOptional() @IsString() @MaxLength(64) applicantCode?: string;
}

export class NotificationReadQuery {
  @ApiPropertyOptional({ description: 'an integrator key acting for applicants: the applicant the notification is for' })
  @IsOptional() @IsString() @MaxLength(64) applicantCode?: string;
}

export class NotificationRecipientDto {
  @ApiProperty({ example: 'department', description: 'user, department or applicant' }) kind: string;
  @ApiProperty({ example: 'health' }) id: string;
}

/** An in-app notification (站内信). */
export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'the domain event it tells of' }) eventId: string;
  @ApiProperty({ example: 'task.created' }) type: string;
  @ApiProperty({ type: NotificationRecipientDto }) recipient: NotificationRecipientDto;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) applicationId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) readAt: Date | null;
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
}
