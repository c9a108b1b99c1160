import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Access, IdentityAuditService } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { paging, PagingQuery } from '../http/paging.dto';

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

/** The append-only trail of identity changes, failed sign-ins and lockouts. */
@ApiTags('identity-audit')
@ApiProtected()
@Controller('identity-audit')
export class IdentityAuditController {
  constructor(private readonly audit: IdentityAuditService) {}

  @Get()
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'Identity audit entries, newest first' })
  @ApiOkResponse({ type: IdentityAuditPageDto })
  async list(@Query() query: IdentityAuditQuery): Promise<IdentityAuditPageDto> {
    return { items: await this.audit.list({ target: query.target, action: query.action, ...paging(query) }) };
  }
}
