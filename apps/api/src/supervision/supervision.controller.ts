import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SupervisionService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { paging } from '../http/paging.dto';
import {
  CreateDirectiveDto, DirectiveDto, DirectiveListDto, DirectivePageDto, DirectiveQuery, DirectiveReplyDto, SupervisedCasePageDto, SupervisionCasesQuery, SupervisionStatsDto, SupervisionStatsQuery,
} from './supervision.dto';

/** Electronic supervision (电子监察): warned cases, figures per department or item, directives (督办) and their replies. */
@ApiTags('supervision')
@ApiProtected()
@Controller()
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('supervision/cases')
  @Access({ roles: ['admin', 'supervisor'], owns: 'any' })
  @ApiOperation({ summary: 'Cases with a running task clock that is yellow, red or overdue (or the one `status`), worst level first, then the earliest due clock of that level; applicants masked. Page with `after` (the previous page\'s `next`); `offset` at most 10,000; `total` exact up to 1,000 warned clocks, a lower bound beyond' })
  @ApiOkResponse({ type: SupervisedCasePageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'an offset over 10,000, or an `after` that is not a cursor of this list' })
  cases(@Query() query: SupervisionCasesQuery): Promise<SupervisedCasePageDto> {
    return this.supervision.cases({ status: query.status, department: query.department, item: query.item, ...paging(query), ...(query.after ? { after: query.after } : {}) });
  }

  @Get('supervision/stats')
  @Access({ roles: ['admin', 'supervisor'], owns: 'any' })
  @ApiOperation({ summary: 'Per department or item, of the task clocks started in [from, to) and their cases: counts, on-time rate, average working days, warnings, pauses, ratings, follow-ups and directives (unanswered, overdue)' })
  @ApiOkResponse({ type: SupervisionStatsDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'from not before to, or a period over 366 days' })
  stats(@Query() query: SupervisionStatsQuery): Promise<SupervisionStatsDto> {
    return this.supervision.stats(query.groupBy, new Date(query.from), new Date(query.to));
  }

  @Post('supervision/cases/:id/directives')
  @Access({ roles: ['admin', 'supervisor'], owns: 'any' })
  @ApiOperation({ summary: '督办: a directive to the departments of a case (one, or each with a running task); each department is notified and must reply within `replyWithinDays` working days' })
  @ApiCreatedResponse({ type: DirectiveListDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'a department without an item in the case' })
  async direct(@Param('id', IdParamPipe) id: string, @Body() body: CreateDirectiveDto, @CurrentPrincipal() p: Principal): Promise<DirectiveListDto> {
    return { items: await this.supervision.direct(id, body, p) };
  }

  @Get('directives')
  @Access({ roles: ['admin', 'supervisor', 'clerk'], owns: 'department' })
  @ApiOperation({ summary: "Directives, newest first; a clerk's are the own department's" })
  @ApiOkResponse({ type: DirectivePageDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: "a clerk asked for another department's" })
  directives(@Query() query: DirectiveQuery, @CurrentPrincipal() p: Principal): Promise<DirectivePageDto> {
    return this.supervision.directives({ department: query.department, applicationId: query.applicationId, state: query.state, ...paging(query) }, p);
  }

  @Post('directives/:id/reply')
  @HttpCode(200)
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @ApiOperation({ summary: "The department's reply to a directive, by a clerk of it" })
  @ApiOkResponse({ type: DirectiveDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'a directive to another department' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'answered already' })
  reply(@Param('id', IdParamPipe) id: string, @Body() body: DirectiveReplyDto, @CurrentPrincipal() p: Principal): Promise<DirectiveDto> {
    return this.supervision.reply(id, body.comment, p);
  }
}
