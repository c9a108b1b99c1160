import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RatingDto, RatingWithFollowUpsDto } from '../ratings/rating-response.dto';
import { RatingService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { isSignedInApplicant, ratingForApplicant } from './applicant-view';
import { ApiProtected } from '../http/api-docs.decorators';
import { RateApplicationDto } from './application-rating.dto';
import { OwnedCase } from '../privacy/owned-case.guard';

/** 好差评: the applicant rates a decided case, once. */
@ApiTags('ratings')
@ApiProtected()
@Controller('applications/:id/ratings')
export class ApplicationRatingController {
  constructor(private readonly ratings: RatingService) {}

  @Post()
  @Access({ roles: ['admin', 'integrator', 'applicant'], owns: 'applicant', actsForApplicant: true })
  @OwnedCase('application')
  @ApiOperation({ summary: "Rate a decided case for its applicant (好差评, 5 非常满意 … 1 非常不满意), optionally single items; a poor rating (1–2) opens a follow-up (回访, 整改) for each owning department" })
  @ApiCreatedResponse({ type: RatingWithFollowUpsDto, description: 'the rating and the follow-ups its poor levels opened; an applicant signed in with their own account gets the rating without ids and the number of follow-ups opened' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a level outside 1–5, an item the case does not have or rated twice' })
  @ApiConflictResponse({ description: 'RATING_BEFORE_DECISION: the case has no outcome yet; RATING_EXISTS: the case has been rated' })
  async rate(@Param('id') id: string, @Body() body: RateApplicationDto, @CurrentPrincipal() p: Principal) {
    const rated = await this.ratings.rate(id, { level: body.level, items: body.items?.map((i) => ({ item: i.item, level: i.level })), comment: body.comment }, p);
    return isSignedInApplicant(p) ? { rating: ratingForApplicant(rated.rating), followUps: rated.followUps.length } : rated;
  }

  @Get()
  @Access({ roles: ['admin', 'supervisor', 'integrator', 'applicant'], owns: 'applicant' })
  @OwnedCase('application')
  @ApiOperation({ summary: 'The rating of a case (404 while it has none)' })
  @ApiOkResponse({ type: RatingDto, description: 'an applicant signed in with their own account gets the rating without ids' })
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    const rating = await this.ratings.find(id, p);
    return isSignedInApplicant(p) ? ratingForApplicant(rating) : rating;
  }
}
