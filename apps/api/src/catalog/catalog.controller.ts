import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogDomainError, CatalogService, type CatalogEntryKind, type CertificateType, type Field, type ServiceItem } from '@tongban/catalog';
import { Access, CATALOGUE_READERS, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { CertificateTypeDto, FieldDto, ServiceItemDto } from './catalog.dto';
import { CertificateTypePageDto, CertificateTypeWithHistoryDto, FieldPageDto, FieldWithHistoryDto, ServiceItemPageDto, ServiceItemWithHistoryDto, VersionedCertificateTypeDto, VersionedFieldDto, VersionedServiceItemDto } from './catalog-response.dto';

function sameKey(path: string, body: string, name: string): void {
  if (path !== body) throw new CatalogDomainError('VALIDATION_FAILED', `The ${name} in the body (${body}) differs from the one in the path (${path})`, { errors: [{ field: name, reason: 'mismatch', message: `must be ${path}` }] });
}

/** The catalogue over REST: everyone authenticated reads, designers write; every change is a new version. */
@ApiTags('catalog')
@ApiProtected()
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('fields') @ApiOperation({ summary: 'The field dictionary (latest versions)' })
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOkResponse({ type: FieldPageDto })
  listFields() {
    return this.page(this.catalog.list<Field>('field'));
  }

  @Get('fields/:key') @ApiOperation({ summary: 'One field with its version history' })
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOkResponse({ type: FieldWithHistoryDto })
  getField(@Param('key') key: string) {
    return this.catalog.get<Field>('field', key);
  }

  @Post('fields') @ApiOperation({ summary: 'Add a field' })
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiCreatedResponse({ type: VersionedFieldDto })
  createField(@Body() body: FieldDto, @CurrentPrincipal() p: Principal) {
    return this.write('field', body, 'create', p);
  }

  @Put('fields/:key') @ApiOperation({ summary: 'Change a field (new version)' })
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiOkResponse({ type: VersionedFieldDto })
  updateField(@Param('key') key: string, @Body() body: FieldDto, @CurrentPrincipal() p: Principal) {
    sameKey(key, body.key, 'key');
    return this.write('field', body, 'update', p);
  }

  @Get('certificate-types') @ApiOperation({ summary: 'Certificate types (latest versions)' })
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOkResponse({ type: CertificateTypePageDto })
  listCertificateTypes() {
    return this.page(this.catalog.list<CertificateType>('certificate-type'));
  }

  @Get('certificate-types/:type') @ApiOperation({ summary: 'One certificate type with its version history' })
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOkResponse({ type: CertificateTypeWithHistoryDto })
  getCertificateType(@Param('type') type: string) {
    return this.catalog.get<CertificateType>('certificate-type', type);
  }

  @Post('certificate-types') @ApiOperation({ summary: 'Add a certificate type' })
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiCreatedResponse({ type: VersionedCertificateTypeDto })
  createCertificateType(@Body() body: CertificateTypeDto, @CurrentPrincipal() p: Principal) {
    return this.write('certificate-type', body, 'create', p);
  }

  @Put('certificate-types/:type') @ApiOperation({ summary: 'Change a certificate type (new version)' })
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiOkResponse({ type: VersionedCertificateTypeDto })
  updateCertificateType(@Param('type') type: string, @Body() body: CertificateTypeDto, @CurrentPrincipal() p: Principal) {
    sameKey(type, body.type, 'type');
    return this.write('certificate-type', body, 'update', p);
  }

  @Get('items') @ApiOperation({ summary: 'Service items (latest versions)' })
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOkResponse({ type: ServiceItemPageDto })
  listItems() {
    return this.page(this.catalog.list<ServiceItem>('item'));
  }

  @Get('items/:code') @ApiOperation({ summary: 'One service item with its version history' })
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOkResponse({ type: ServiceItemWithHistoryDto })
  getItem(@Param('code') code: string) {
    return this.catalog.get<ServiceItem>('item', code);
  }

  @Post('items') @ApiOperation({ summary: 'Add a service item' })
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiCreatedResponse({ type: VersionedServiceItemDto })
  createItem(@Body() body: ServiceItemDto, @CurrentPrincipal() p: Principal) {
    return this.write('item', body, 'create', p);
  }

  @Put('items/:code') @ApiOperation({ summary: 'Change a service item (new version)' })
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiOkResponse({ type: VersionedServiceItemDto })
  updateItem(@Param('code') code: string, @Body() body: ServiceItemDto, @CurrentPrincipal() p: Principal) {
    sameKey(code, body.code, 'code');
    return this.write('item', body, 'update', p);
  }

  private async page<T>(items: Promise<T[]>): Promise<{ items: T[]; total: number }> {
    const list = await items;
    return { items: list, total: list.length };
  }

  private write(kind: CatalogEntryKind, body: object, mode: 'create' | 'update', p: Principal) {
    return this.catalog.write(kind, JSON.parse(JSON.stringify(body)) as Field | CertificateType | ServiceItem, mode, p.name);
  }
}
