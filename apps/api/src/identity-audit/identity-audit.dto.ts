import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PagingQuery } from '../http/paging.dto';

export class IdentityAuditQuery extends PagingQuery {
  @ApiPropertyOptional({ example: 'user:clerk.health', description: 'user:<name>, department:<code> or api-key:<id>' })
  @IsOptional() @IsString() @MaxLength(300)
  target?: string;

  @ApiPropertyOptional({ example: 'login.failed' })
  @IsOptional() @IsString() @MaxLength(100)
  action?: string;
}

export class IdentityAuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty() actor: string;
  @ApiProperty({ example: 'user.disabled' }) action: string;
  @ApiProperty({ example: 'user:clerk.health' }) target: string;
  @ApiPropertyOptional({ type: String, nullable: true }) ip?: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
}

export class IdentityAuditPageDto {
  @ApiProperty({ type: [IdentityAuditEntryDto] }) items: IdentityAuditEntryDto[];
}
