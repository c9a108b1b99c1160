import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Access, CurrentPrincipal, PhraseService, STAFF_ROLES, type Principal } from '@tongban/identity';
import { CLOCK, type Clock } from '@tongban/runtime';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { AddPhraseDto, PhraseDto } from './me-phrase.dto';

/** 常用意见: the caller's own common opinions, offered when deciding a task. */
@ApiTags('me')
@ApiProtected()
@Controller('me/phrases')
export class MePhraseController {
  constructor(
    private readonly phrases: PhraseService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Access({ roles: STAFF_ROLES, owns: 'self' })
  @ApiOperation({ summary: "The caller's common opinions (常用意见), oldest first" })
  @ApiOkResponse({ type: [PhraseDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<PhraseDto[]> {
    return this.phrases.list(principal.name);
  }

  @Post()
  @Access({ roles: STAFF_ROLES, owns: 'self' })
  @ApiOperation({ summary: 'Keep a common opinion (the text trimmed)' })
  @ApiCreatedResponse({ type: PhraseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: blank or too long' })
  @ApiConflictResponse({ description: 'The caller keeps this text already' })
  @ApiUnprocessableEntityResponse({ description: 'PHRASE_LIMIT: the caller keeps 100 phrases already' })
  add(@Body() body: AddPhraseDto, @CurrentPrincipal() principal: Principal): Promise<PhraseDto> {
    return this.phrases.add(principal.name, body.text, this.clock.now());
  }

  @Delete(':id')
  @Access({ roles: STAFF_ROLES, owns: 'self' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of the caller\'s common opinions' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such phrase of the caller' })
  remove(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.phrases.remove(principal.name, id);
  }
}
