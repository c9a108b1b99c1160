import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Access } from '@tongban/identity';
import { DecisionService, NotFoundError } from '@tongban/runtime';
import { ApiProtected } from '../http/api-docs.decorators';
import { DecisionDetailDto, DecisionEvaluationDto, DecisionVersionDto, EvaluateDecisionDto } from './decision.dto';

/** Deployed DMN decisions: listing their versions and trying them out. */
@ApiTags('decisions')
@ApiProtected()
@Controller('decisions')
export class DecisionController {
  constructor(private readonly decisions: DecisionService) {}

  @Get()
  @Access({ roles: ['admin', 'designer', 'supervisor'], owns: 'any' })
  @ApiOperation({ summary: 'List deployed decisions, every version, newest first per decision id' })
  @ApiOkResponse({ type: [DecisionVersionDto] })
  list(): Promise<DecisionVersionDto[]> {
    return this.decisions.list();
  }

  @Get(':key')
  @Access({ roles: ['admin', 'designer', 'supervisor'], owns: 'any' })
  @ApiOperation({ summary: 'One decision: its versions and the DMN XML of the latest' })
  @ApiOkResponse({ type: DecisionDetailDto })
  @ApiNotFoundResponse()
  async get(@Param('key') key: string): Promise<DecisionDetailDto> {
    const versions = await this.decisions.list(key);
    if (versions.length === 0) throw new NotFoundError('Decision', key);
    return { key, versions, xml: await this.decisions.xml(key) };
  }

  @Post(':key/evaluate')
  @HttpCode(200)
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiOperation({ summary: 'Evaluate a deployed decision (the latest version, or `version`) over the variables given; writes nothing' })
  @ApiOkResponse({ type: DecisionEvaluationDto })
  @ApiNotFoundResponse({ description: 'no such decision or version' })
  @ApiUnprocessableEntityResponse({ description: 'DECISION_EVALUATION_FAILED: UNIQUE matched several rules, ANY rules with differing outputs, or a cell failed; `details` names the decision and the matched rules' })
  evaluate(@Param('key') key: string, @Body() body: EvaluateDecisionDto): Promise<DecisionEvaluationDto> {
    return this.decisions.evaluate(key, body.variables, body.version);
  }
}
