import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationService } from '@tongban/catalog';
import { Access, ANY_ROLE, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { NotificationDto, NotificationListDto, NotificationQuery, NotificationReadQuery } from './notification.dto';

/** In-app notifications made from domain events: the caller's own, a clerk's department queue's, an applicant's. */
@ApiTags('notifications')
@ApiProtected()
@Controller('notifications')
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @Access({ roles: ANY_ROLE, owns: 'self' })
  @ApiOperation({ summary: "The caller's notifications, newest first: a member of staff's own and, for a clerk, the department's; an integrator key names the applicant (`applicantCode`, needs `actForApplicants`)" })
  @ApiOkResponse({ type: NotificationListDto })
  async list(@Query() query: NotificationQuery, @CurrentPrincipal() p: Principal) {
    return { items: await this.notifications.list(p, { unread: query.unread, applicantCode: query.applicantCode }) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Access({ roles: ANY_ROLE, owns: 'self' })
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read (404 for another’s)' })
  @ApiOkResponse({ type: NotificationDto })
  read(@Param('id') id: string, @Query() query: NotificationReadQuery, @CurrentPrincipal() p: Principal) {
    return this.notifications.markRead(id, p, query.applicantCode);
  }
}
