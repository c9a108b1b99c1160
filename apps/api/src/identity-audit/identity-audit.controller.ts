import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IdentityAuditService } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { paging } from '../http/paging.dto';
import { IdentityAuditPageDto, IdentityAuditQuery } from './identity-audit.dto';

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
