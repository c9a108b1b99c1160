import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

/** `?unmask=true&reason=…`: a supervisor or admin asks to see personal data in clear, saying why (audited). */
export class DisclosureQuery {
  @ApiPropertyOptional({ description: 'Show personal fields in clear (supervisors and admins; needs `reason`; audited)' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  unmask?: boolean;

  @ApiPropertyOptional({ description: 'Why the personal data is needed in clear; kept in the audit log', maxLength: 500 })
  @IsOptional() @IsString() @MaxLength(500)
  reason?: string;
}
