import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FormService, type FormRow } from '@tongban/catalog';
import { Access, ANY_ROLE, CATALOGUE_READERS, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { FormIdPipe, FormVersionPipe } from './form-param.pipe';
import { FormDto, FormPageDto, FormSummaryDto, FormTemplateDto, FormTemplateQuery, SavedFormDto, SaveFormDto } from './form.dto';

function summary(row: FormRow): FormSummaryDto {
  return { formId: row.formId, version: row.version, name: row.name, createdAt: row.createdAt, createdBy: row.createdBy };
}

/** Forms (表单) over REST: designers and admins write new versions; every role reads them. */
@ApiTags('forms')
@ApiProtected()
@Controller('forms')
export class FormController {
  constructor(private readonly forms: FormService) {}

  @Get()
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'The latest version of every form' })
  @ApiOkResponse({ type: FormPageDto })
  async list(): Promise<FormPageDto> {
    const items = (await this.forms.list()).map(summary);
    return { items, total: items.length };
  }

  @Post()
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiOperation({ summary: 'Save a form-js schema as the next version of the form its `id` names (the same name and schema again returns the latest, `created: false`)' })
  @ApiCreatedResponse({ type: SavedFormDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: not a JSON object, no `id` or `components`, a dictionary-bound field that is not in the field dictionary (named in `details.errors`), a key asked twice' })
  async save(@Body() body: SaveFormDto, @CurrentPrincipal() principal: Principal): Promise<SavedFormDto> {
    const { form, created } = await this.forms.save(body, principal);
    return { ...form, created } as SavedFormDto;
  }

  @Get('templates/dictionary')
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOperation({ summary: "Every field of the dictionary as a form-js component bound to it, with the dictionary's validation: the form designer's palette" })
  @ApiOkResponse({ type: FormTemplateDto })
  dictionaryTemplate(@Query() query: FormTemplateQuery): Promise<FormTemplateDto> {
    return this.forms.dictionaryTemplate(query.locale ?? 'zh') as Promise<FormTemplateDto>;
  }

  @Get('templates/items/:code')
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOperation({ summary: "A form generated from the field dictionary for one service item: its fields with the item's rules" })
  @ApiOkResponse({ type: FormTemplateDto })
  @ApiNotFoundResponse()
  itemTemplate(@Param('code') code: string, @Query() query: FormTemplateQuery): Promise<FormTemplateDto> {
    return this.forms.itemTemplate(code, query.locale ?? 'zh') as Promise<FormTemplateDto>;
  }

  @Get('templates/bundles/:code')
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOperation({ summary: "A bundle's merged form (each field once, with the strictest rules of its items) as a form-js schema" })
  @ApiOkResponse({ type: FormTemplateDto })
  @ApiNotFoundResponse()
  bundleTemplate(@Param('code') code: string, @Query() query: FormTemplateQuery): Promise<FormTemplateDto> {
    return this.forms.bundleTemplate(code, query.locale ?? 'zh') as Promise<FormTemplateDto>;
  }

  @Get(':formId')
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'The latest version of a form' })
  @ApiOkResponse({ type: FormDto })
  @ApiNotFoundResponse()
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: the form id is malformed' })
  get(@Param('formId', FormIdPipe) formId: string): Promise<FormDto> {
    return this.forms.get(formId) as Promise<FormDto>;
  }

  @Get(':formId/versions/:version')
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'One version of a form' })
  @ApiOkResponse({ type: FormDto })
  @ApiNotFoundResponse()
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: the form id or version is malformed' })
  version(@Param('formId', FormIdPipe) formId: string, @Param('version', FormVersionPipe) version: number): Promise<FormDto> {
    return this.forms.get(formId, version) as Promise<FormDto>;
  }
}
