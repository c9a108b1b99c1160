import { Body, Controller, Get, Header, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RatingService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { FollowUpDto, FollowUpListDto } from './rating-response.dto';
import { FollowUpQuery, FollowUpStepDto, RatingExportQuery } from './rating.dto';

/** Follow-ups of poor ratings (回访, 整改) and the export of ratings for the national 好差评 system. */
@ApiTags('ratings')
@ApiProtected()
@Controller()
export class RatingController {
  constructor(private readonly ratings: RatingService) {}

  @Get('rating-follow-ups')
  @Access({ roles: ['admin', 'supervisor', 'clerk'], owns: 'department' })
  @ApiOperation({ summary: "Follow-ups of poor ratings, soonest due first; a clerk's are the own department's" })
  @ApiOkResponse({ type: FollowUpListDto })
  listFollowUps(@Query() query: FollowUpQuery, @CurrentPrincipal() p: Principal) {
    return this.ratings.listFollowUps({ department: query.department, state: query.state }, p).then((items) => ({ items }));
  }

  @Post('rating-follow-ups/:id/callback')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @ApiOperation({ summary: '回访: record the call back to the applicant' })
  @ApiCreatedResponse({ type: FollowUpDto })
  @ApiConflictResponse({ description: 'FOLLOW_UP_NOT_PENDING: the call back has been recorded' })
  callBack(@Param('id') id: string, @Body() body: FollowUpStepDto, @CurrentPrincipal() p: Principal) {
    return this.ratings.callBack(id, body.comment, p);
  }

  @Post('rating-follow-ups/:id/rectify')
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @ApiOperation({ summary: '整改: record the rectification and its result after the call back; closes the follow-up' })
  @ApiCreatedResponse({ type: FollowUpDto })
  @ApiConflictResponse({ description: 'FOLLOW_UP_NOT_PENDING: no call back yet, or already rectified' })
  rectify(@Param('id') id: string, @Body() body: FollowUpStepDto, @CurrentPrincipal() p: Principal) {
    return this.ratings.rectify(id, body.comment, body.result, p);
  }

  @Get('ratings/export')
  @Access({ roles: ['admin', 'supervisor'], owns: 'any' })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="ratings.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Ratings given in [from, to) with their items and follow-ups as CSV (UTF-8 with BOM) for the national 好差评 system' })
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } }, description: 'columns: record (rating, item, follow-up), rating_id, application_id, bundle_code, item, level, level_name, comment, rated_at, department, follow_up_state, due_at, callback_comment, callback_at, rectification_comment, rectification_result, rectified_at' })
  export(@Query() query: RatingExportQuery) {
    return this.ratings.exportCsv(new Date(query.from), new Date(query.to));
  }
}
