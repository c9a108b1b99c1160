import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';

const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select', 'multiselect'];
const PII_CLASSES = ['name', 'id-number', 'phone', 'address', 'bank-account'];
const FORMATS = ['citizen-id', 'credit-code'];
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ID_PART = /^[0-9A-Za-z]+$/;

export class LocalizedTextDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) zh: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) en: string;
}

/** An entry of the field dictionary (表单要素). */
export class FieldDto {
  @ApiProperty({ example: 'company.name' }) @IsString() @Matches(CODE, { message: 'key must be letters, digits, ".", "-" or "_"' }) key: string;
  @ApiProperty({ type: LocalizedTextDto }) @ValidateNested() @Type(() => LocalizedTextDto) label: LocalizedTextDto;
  @ApiProperty({ enum: FIELD_TYPES }) @IsIn(FIELD_TYPES) type: string;
  @ApiPropertyOptional({ enum: FORMATS }) @IsOptional() @IsIn(FORMATS) format?: string;
  @ApiPropertyOptional({ enum: PII_CLASSES }) @IsOptional() @IsIn(PII_CLASSES) pii?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() required?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) pattern?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() min?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() max?: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) options?: string[];
}

export class CertificateFieldDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) key: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) formField?: string;
  @ApiPropertyOptional({ enum: PII_CLASSES }) @IsOptional() @IsIn(PII_CLASSES) pii?: string;
}

/** A kind of e-certificate (电子证照). */
export class CertificateTypeDto {
  @ApiProperty({ example: 'business-licence' }) @IsString() @Matches(CODE) type: string;
  @ApiProperty({ example: '2001' }) @IsString() @Matches(ID_PART, { message: 'code must be alphanumeric (it is part of the certificate identifier)' }) @MaxLength(20) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) issuer: string;
  @ApiProperty({ example: '310000SCJG' }) @IsString() @Matches(ID_PART, { message: 'issuerCode must be alphanumeric (it is part of the certificate identifier)' }) @MaxLength(30) issuerCode: string;
  @ApiProperty({ enum: ['111', '001'] }) @IsIn(['111', '001']) holderCodeType: string;
  @ApiProperty({ type: [CertificateFieldDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => CertificateFieldDto) fields: CertificateFieldDto[];
}

export class MaterialDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @IsBoolean() key: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) satisfiedBy?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) holderField?: string;
}

/** Who an item's certificate is issued to: two of the item's form fields and the identifier's kind. */
export class HolderRuleDto {
  @ApiProperty({ example: 'baby.name' }) @IsString() @MinLength(1) @MaxLength(100) nameField: string;
  @ApiProperty({ example: 'baby.idNumber' }) @IsString() @MinLength(1) @MaxLength(100) idField: string;
  @ApiProperty({ enum: ['111', '001'], description: '111 citizen ID number, 001 unified social credit code; must be the certificate type\'s holder code type' }) @IsIn(['111', '001']) idType: string;
}

/** 秒办: the decision that approves an item by rule. */
export class AutoApprovalDto {
  @ApiProperty({ example: 'restaurant-auto-approval' }) @IsString() @MinLength(1) @MaxLength(200) decisionId: string;
}

/** A service item (事项). */
export class ServiceItemDto {
  @ApiProperty({ example: 'SH-SCJG-001' }) @IsString() @Matches(CODE) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: '行政许可' }) @IsString() @MinLength(1) @MaxLength(50) type: string;
  @ApiProperty({ example: 'market-regulation' }) @IsString() @Matches(CODE) department: string;
  @ApiProperty() @IsInt() @Min(0) legalDays: number;
  @ApiProperty() @IsInt() @Min(0) promisedDays: number;
  @ApiProperty({ enum: ['working', 'calendar', 'working-hours', 'hours'], description: 'working or natural days; working-hours (inside the daily window) or hours (wall clock) for 秒办/即办 items, legalDays and promisedDays then counting hours' }) @IsIn(['working', 'calendar', 'working-hours', 'hours']) dayUnit: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) fields: string[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() fieldRules?: Record<string, unknown>;
  @ApiProperty({ type: [MaterialDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => MaterialDto) materials: MaterialDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) result?: string;
  @ApiPropertyOptional({ type: HolderRuleDto, description: 'who the result certificate is issued to (the baby, the company); the applicant when absent' })
  @IsOptional() @ValidateNested() @Type(() => HolderRuleDto) holder?: HolderRuleDto;
  @ApiPropertyOptional({ type: AutoApprovalDto, description: '秒办: the DMN decision that may approve the item by rule' })
  @IsOptional() @ValidateNested() @Type(() => AutoApprovalDto) autoApproval?: AutoApprovalDto;
  @ApiPropertyOptional({ description: '容缺: whether the result certificate may be issued, flagged conditional, while deferred materials are still out' })
  @IsOptional() @IsBoolean() conditionalCertificate?: boolean;
}
