import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class DeploymentResourceDto {
  @ApiProperty({ example: 'parallel-approval.bpmn' })
  @IsString() @IsNotEmpty() @MaxLength(255)
  name: string;

  @ApiProperty({ description: 'BPMN 2.0 XML, or DMN 1.1/1.2/1.3 XML when the name ends with .dmn (at most 10 MB)' })
  @IsString() @IsNotEmpty()
  content: string;
}

export class CreateDeploymentDto {
  @ApiPropertyOptional({ example: 'restaurant opening bundle' })
  @IsOptional() @IsString() @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ type: [DeploymentResourceDto], description: 'required unless the BPMN files come as multipart `file` parts' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => DeploymentResourceDto)
  resources?: DeploymentResourceDto[];
}

export class DeployedProcessDto {
  @ApiProperty({ description: 'process definition id' }) id: string;
  @ApiProperty({ description: 'the BPMN process id' }) key: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class DeployedDecisionDto {
  @ApiProperty({ description: 'decision definition id' }) id: string;
  @ApiProperty({ description: 'the DMN decision id' }) key: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class DeployedResourceDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: [String], description: 'what the compiler noted, e.g. non-executable processes skipped' }) notes: string[];
}

export class DeploymentLintFindingDto {
  @ApiProperty({ description: 'the resource the finding is about' }) resource: string;
  @ApiProperty({ description: 'the lint rule id, e.g. label-required or tongban/user-task-department', example: 'tongban/user-task-department' }) rule: string;
  @ApiPropertyOptional({ description: 'the BPMN element id' }) elementId?: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: ['error', 'warn'], description: 'errors refuse a deployment (400 BPMN_LINT_FAILED), so a result carries warnings only' }) severity: 'error' | 'warn';
}

export class DeploymentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: [DeployedProcessDto] }) processes: DeployedProcessDto[];
  @ApiProperty({ type: [DeployedDecisionDto], description: 'decisions of the DMN resources, versioned by decision id' }) decisions: DeployedDecisionDto[];
  @ApiProperty({ type: [DeployedResourceDto], description: 'documents without an executable process, kept as resources' })
  resources: DeployedResourceDto[];
  @ApiProperty({
    type: [String],
    description: 'what looks wrong in the documents but changes nothing that runs (e.g. diagram interchange drawing an element the model lacks), each prefixed with its resource name',
  })
  warnings: string[];
  @ApiProperty({ type: [DeploymentLintFindingDto], description: 'lint warnings (bpmnlint recommended rules and the Tongban rules) that do not refuse the deployment' })
  lint: DeploymentLintFindingDto[];
}
