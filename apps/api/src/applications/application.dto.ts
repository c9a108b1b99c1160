import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PagingQuery } from '../http/paging.dto';
import { DisclosureQuery } from '../privacy/disclosure.dto';

export class ApplicantDto {
  @ApiProperty({ example: 'citizen', description: 'citizen or company' }) @IsString() @MinLength(1) @MaxLength(32) type: string;
  @ApiProperty({ description: 'citizen ID number or unified social credit code' }) @IsString() @MinLength(1) @MaxLength(64) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
}

export class MaterialUploadDto {
  @ApiProperty() @IsString() @MaxLength(64) item: string;
  @ApiProperty() @IsString() @MaxLength(200) name: string;
  @ApiProperty({ description: 'id from POST /api/v1/attachments' }) @IsString() @MaxLength(64) attachmentId: string;
}

export class MaterialDeferralDto {
  @ApiProperty() @IsString() @MaxLength(64) item: string;
  @ApiProperty() @IsString() @MaxLength(200) name: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD; at the latest the promised time limit' }) @IsOptional() @IsISO8601({ strict: true }) deadline?: string;
}

/** `POST /api/v1/applications`: one application for a bundle, with one merged form. */
export class SubmitApplicationDto {
  @ApiProperty({ example: 'open-restaurant' }) @IsString() @MinLength(1) @MaxLength(64) bundleCode: string;
  @ApiProperty({ type: ApplicantDto }) @ValidateNested() @Type(() => ApplicantDto) applicant: ApplicantDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() form: Record<string, unknown>;
  @ApiPropertyOptional({ type: [MaterialUploadDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => MaterialUploadDto) materials?: MaterialUploadDto[];
  @ApiPropertyOptional({ type: [MaterialDeferralDto], description: 'non-key materials supplied later (容缺)' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => MaterialDeferralDto) deferred?: MaterialDeferralDto[];
}

export class ApplicationQuery extends IntersectionType(PagingQuery, DisclosureQuery) {
  @ApiPropertyOptional({ description: "The applicant's identifier (supervisors, admins, integrators; audited)" }) @IsOptional() @IsString() @MaxLength(64) applicantCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) bundleCode?: string;
}
