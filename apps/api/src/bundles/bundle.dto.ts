import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { LocalizedTextDto } from '../catalog/catalog.dto';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class BundleDependencyDto {
  @ApiProperty({ description: 'the item that waits' }) @IsString() @MaxLength(64) item: string;
  @ApiProperty({ description: 'the item it waits for' }) @IsString() @MaxLength(64) on: string;
}

/** `POST /api/v1/bundles`: a bundle (一件事) composed of catalogued items. */
export class CreateBundleDto {
  @ApiProperty({ example: 'open-restaurant' }) @IsString() @MinLength(1) @MaxLength(64) code: string;
  @ApiProperty({ example: '我要开餐馆 / Open a restaurant' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ type: [String], example: ['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) items: string[];
  @ApiPropertyOptional({ type: [BundleDependencyDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => BundleDependencyDto) dependsOn?: BundleDependencyDto[];
}

/** `PUT /api/v1/bundles/:code/bpmn`: the designer's edited process. */
export class ReplaceBundleBpmnDto {
  @ApiProperty({ description: 'BPMN 2.0 XML with process id bundle-<code> and the tongban: extensions' })
  @IsString() @MinLength(1) @MaxLength(10 * 1024 * 1024) bpmnXml: string;
}

/** `PUT /api/v1/bundles/:code`: compose the bundle again (new version, regenerated BPMN). */
export class RecomposeBundleDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) items: string[];
  @ApiPropertyOptional({ type: [BundleDependencyDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => BundleDependencyDto) dependsOn?: BundleDependencyDto[];
}

/** `GET /api/v1/bundles/:code/savings`: what applying once for the bundle saves against applying item by item. */
export class BundleSavingsDto {
  @ApiProperty({ example: 23, description: 'form entries filled in item by item (a field asked by three items counts three times)' }) fieldsSeparately: number;
  @ApiProperty({ example: 12, description: 'form entries filled in once for the bundle' }) fieldsOnce: number;
  @ApiProperty({ example: 10, description: 'materials handed in item by item' }) materialsSeparately: number;
  @ApiProperty({ example: 6, description: 'distinct documents still handed in for the bundle (no certificate replaces them)' }) materialsToSubmit: number;
  @ApiProperty({ example: 3 }) departments: number;
  @ApiProperty({ example: 3 }) visitsSeparately: number;
  @ApiProperty({ example: 1 }) visitsBundle: number;
  @ApiProperty({ example: 17, description: 'promised days one after the other' }) daysSeparately: number;
  @ApiProperty({ example: 7, description: 'promised days along the bundle\'s critical path' }) daysBundle: number;
  @ApiProperty({ type: [String], description: 'items approved by a decision (秒办)' }) autoApprovedItems: string[];
}

/** Why one item of a bundle waits for another. */
export class BundleEdgeDto {
  @ApiProperty({ description: 'the item done first' }) from: string;
  @ApiProperty({ description: 'the item that waits' }) to: string;
  @ApiProperty({ enum: ['certificate', 'explicit'] }) reason: 'certificate' | 'explicit';
  @ApiPropertyOptional({ description: 'the certificate `from` issues and `to` consumes' }) certificateType?: string;
}

/** The deployed process of a bundle. */
export class BundleDeployedDto {
  @ApiProperty() definitionId: string;
  @ApiProperty() version: number;
}

/** A bundle (一件事): its items, their order, the merged form, the process and its savings. */
export class BundleDto {
  @ApiProperty({ example: 'open-restaurant' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'counts changes of its composition and BPMN' }) version: number;
  @ApiProperty({ type: [String] }) items: string[];
  @ApiProperty({ type: [BundleEdgeDto] }) dependsOn: BundleEdgeDto[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } }, description: 'items by depth: the items of one layer run in parallel' }) layers: string[][];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the merged form: every field asked once, with the items asking it' }) form: Record<string, unknown>;
  @ApiProperty({ example: 'bundle-open-restaurant' }) processKey: string;
  @ApiPropertyOptional({ description: 'the BPMN XML (absent from lists and with bpmn=false)' }) bpmnXml?: string;
  @ApiProperty() bpmnEdited: boolean;
  @ApiProperty({ type: BundleSavingsDto }) savings: BundleSavingsDto;
  @ApiProperty({ type: [String], description: 'the departments the process asks for work' }) departments: string[];
  @ApiPropertyOptional({ type: BundleDeployedDto, nullable: true }) deployed: BundleDeployedDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class BundlePageDto {
  @ApiProperty({ type: [BundleDto] }) items: BundleDto[];
  @ApiProperty() total: number;
}

/** A bundle's BPMN XML. */
export class BundleBpmnDto {
  @ApiProperty() code: string;
  @ApiProperty() processKey: string;
  @ApiProperty() bpmnXml: string;
  @ApiProperty({ description: 'replaced by an edited BPMN rather than generated' }) edited: boolean;
}

/** A bundle's process deployed: its definition and version. */
export class BundleDeploymentDto {
  @ApiProperty() code: string;
  @ApiProperty() processKey: string;
  @ApiProperty() definitionId: string;
  @ApiProperty() version: number;
}

/** `POST /api/v1/bundles/preview`: the items (and explicit orderings) a composer is trying out. */
export class PreviewBundleDto {
  @ApiProperty({ type: [String], example: ['SH-SCJG-001', 'SH-LHSR-014'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(64, { each: true }) items: string[];
  @ApiPropertyOptional({ type: [BundleDependencyDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => BundleDependencyDto) dependsOn?: BundleDependencyDto[];
}

/** A field of the merged form: asked once, with the strictest rules of the items using it. */
export class MergedFieldDto {
  @ApiProperty({ example: 'company.name' }) key: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ example: 'string' }) type: string;
  @ApiPropertyOptional() format?: string;
  @ApiPropertyOptional() pii?: string;
  @ApiProperty() required: boolean;
  @ApiProperty({ type: [String], description: 'every pattern an item imposes' }) patterns: string[];
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional({ type: [String] }) options?: string[];
  @ApiProperty({ type: [String], description: 'the items asking for the field, in bundle order' }) usedBy: string[];
}

/** The one form an applicant fills for a bundle. */
export class MergedFormDto {
  @ApiProperty({ type: [MergedFieldDto] }) fields: MergedFieldDto[];
}

/** `POST /api/v1/bundles/preview`: the composition as deploying its generated BPMN would record it; nothing is stored. */
export class BundlePreviewDto {
  @ApiProperty({ type: [String] }) items: string[];
  @ApiProperty({ type: [BundleEdgeDto] }) dependsOn: BundleEdgeDto[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } }, description: 'items by depth; one layer runs in parallel' }) layers: string[][];
  @ApiProperty({ type: MergedFormDto }) form: MergedFormDto;
  @ApiProperty({ type: BundleSavingsDto }) savings: BundleSavingsDto;
  @ApiProperty({ type: [String], description: 'the departments the generated process asks for work' }) departments: string[];
}
