import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { DisclosureQuery } from '../privacy/disclosure.dto';

export class CertificateHolderDto {
  @ApiProperty({ enum: ['111', '001'], description: '111 citizen ID number, 001 unified social credit code' }) @IsIn(['111', '001']) codeType: '111' | '001';
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
}

/** `POST /api/v1/certificates`: an existing e-certificate. */
export class RegisterCertificateDto {
  @ApiProperty({ example: 'business-licence' }) @IsString() @MaxLength(100) type: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) number: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) issuer: string;
  @ApiProperty({ example: '2024-03-01T00:00:00+08:00' }) @IsISO8601() issuedAt: string;
  @ApiPropertyOptional({ example: '2044-02-29' }) @IsOptional() @IsISO8601() validUntil?: string;
  @ApiProperty({ type: CertificateHolderDto }) @ValidateNested() @Type(() => CertificateHolderDto) holder: CertificateHolderDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() data?: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['valid', 'suspended', 'revoked', 'cancelled'] }) @IsOptional() @IsIn(['valid', 'suspended', 'revoked', 'cancelled']) status?: 'valid' | 'suspended' | 'revoked' | 'cancelled';
}

export class CertificateQuery extends DisclosureQuery {
  @ApiProperty({ description: 'citizen ID number or unified social credit code of the holder' }) @IsString() @MinLength(1) @MaxLength(64) holderCode: string;
}

/** The case and item that issued a certificate. */
export class CertificateIssuedByDto {
  @ApiPropertyOptional() applicationId?: string;
  @ApiProperty({ example: 'SH-SCJG-001' }) item: string;
}

/** An e-certificate (电子证照) of the register, with its status now. */
export class CertificateDto {
  @ApiProperty({ description: 'GB/T 36904-style identifier' }) id: string;
  @ApiProperty({ example: 'business-licence' }) type: string;
  @ApiProperty({ description: '证照编号' }) number: string;
  @ApiProperty() issuer: string;
  @ApiPropertyOptional() issuerCode?: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiPropertyOptional({ description: 'an instant, or a date valid through that day (Beijing time)' }) validUntil?: string;
  @ApiProperty({ type: CertificateHolderDto, description: 'masked for supervisors and admins unless unmasked' }) holder: CertificateHolderDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ enum: ['valid', 'suspended', 'revoked', 'cancelled', 'expired'], description: 'status now (expired derived from validUntil)' }) status: string;
  @ApiProperty({ enum: ['valid', 'suspended', 'revoked', 'cancelled'] }) recordedStatus: string;
  @ApiPropertyOptional({ type: CertificateIssuedByDto }) issuedBy?: CertificateIssuedByDto;
  @ApiPropertyOptional({ description: '容缺: issued while deferred materials were still out' }) conditional?: boolean;
  @ApiPropertyOptional({ description: 'the region whose register holds it (that issued or registered it)' }) region?: string;
}

/** A registered certificate: `created` is false when the type and number were on file and were replaced. */
export class RegisteredCertificateDto extends CertificateDto {
  @ApiProperty() created: boolean;
}

export class CertificatePageDto {
  @ApiProperty({ type: [CertificateDto] }) items: CertificateDto[];
  @ApiProperty() total: number;
}
