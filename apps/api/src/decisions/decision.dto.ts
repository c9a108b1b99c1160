import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, Min } from 'class-validator';

export class EvaluateDecisionDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { certificateValid: true, violations: 0 }, description: 'the variables the decision reads' })
  @IsObject()
  variables: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'a deployed version; the latest when absent', example: 1 })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class DecisionVersionDto {
  @ApiProperty({ description: 'decision definition id' }) id: string;
  @ApiProperty({ description: 'the DMN decision id' }) key: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty() deploymentId: string;
  @ApiProperty() resourceName: string;
  @ApiProperty() createdAt: Date;
}

export class DecisionDetailDto {
  @ApiProperty() key: string;
  @ApiProperty({ type: [DecisionVersionDto], description: 'every deployed version, newest first' }) versions: DecisionVersionDto[];
  @ApiProperty({ description: 'the DMN XML of the latest version' }) xml: string;
}

export class MatchedRuleDto {
  @ApiProperty() ruleId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the rule outputs by output name' }) outputs: Record<string, unknown>;
}

export class EvaluatedDecisionDto {
  @ApiProperty() decisionId: string;
  @ApiProperty() decisionName: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'input values by input label (or expression)' }) inputs: Record<string, unknown>;
  @ApiProperty({ type: [MatchedRuleDto], description: 'the rules the hit policy kept, in its order' }) matchedRules: MatchedRuleDto[];
  @ApiProperty({ description: 'the result as Camunda 8 gives it: a value, a context, a list, or an aggregate', nullable: true }) value: unknown;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: "the result as Camunda 7's DmnDecisionResult: one entry per matched rule" })
  resultList: Array<Record<string, unknown>>;
}

export class DecisionEvaluationDto extends EvaluatedDecisionDto {
  @ApiProperty({ description: 'the version evaluated' }) version: number;
  @ApiProperty({ type: [EvaluatedDecisionDto], description: 'the required decisions, evaluated first, in order' }) required: EvaluatedDecisionDto[];
}
