import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CertificateTypeDto, FieldDto, ServiceItemDto } from './catalog.dto';

/** One earlier version of a catalogue entry. */
export class CatalogVersionDto {
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'designer' }) updatedBy: string | null;
}

export class VersionedFieldDto extends FieldDto {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true }) updatedBy: string | null;
  @ApiProperty({ example: 'cn', description: 'the region whose version this is: the caller\'s own variant, or the one it inherits' }) region: string;
}

export class FieldWithHistoryDto extends VersionedFieldDto {
  @ApiProperty({ type: [CatalogVersionDto], description: 'every version, newest first' }) history: CatalogVersionDto[];
}

export class FieldPageDto {
  @ApiProperty({ type: [VersionedFieldDto] }) items: VersionedFieldDto[];
  @ApiProperty() total: number;
}

export class VersionedCertificateTypeDto extends CertificateTypeDto {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true }) updatedBy: string | null;
  @ApiProperty({ example: 'cn', description: 'the region whose version this is: the caller\'s own variant, or the one it inherits' }) region: string;
}

export class CertificateTypeWithHistoryDto extends VersionedCertificateTypeDto {
  @ApiProperty({ type: [CatalogVersionDto], description: 'every version, newest first' }) history: CatalogVersionDto[];
}

export class CertificateTypePageDto {
  @ApiProperty({ type: [VersionedCertificateTypeDto] }) items: VersionedCertificateTypeDto[];
  @ApiProperty() total: number;
}

export class VersionedServiceItemDto extends ServiceItemDto {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true }) updatedBy: string | null;
  @ApiProperty({ example: 'cn', description: 'the region whose version this is: the caller\'s own variant, or the one it inherits' }) region: string;
}

export class ServiceItemWithHistoryDto extends VersionedServiceItemDto {
  @ApiProperty({ type: [CatalogVersionDto], description: 'every version, newest first' }) history: CatalogVersionDto[];
}

export class ServiceItemPageDto {
  @ApiProperty({ type: [VersionedServiceItemDto] }) items: VersionedServiceItemDto[];
  @ApiProperty() total: number;
}
