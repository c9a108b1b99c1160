import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
