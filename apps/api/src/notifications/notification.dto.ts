import { ApiPropertyOptional } from '@nestjs/swagger';
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
