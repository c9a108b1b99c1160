import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BundleService } from '@tongban/catalog';
import { Access, CATALOGUE_READERS, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { BundleBpmnDto, BundleDeploymentDto, BundleDto, BundlePageDto, BundlePreviewDto, BundleSavingsDto, CreateBundleDto, PreviewBundleDto, RecomposeBundleDto, ReplaceBundleBpmnDto } from './bundle.dto';

/** Bundles (一件事): compose from the catalogue, read the merged form and savings, edit the BPMN, deploy. */
@ApiTags('bundles')
@ApiProtected()
@Controller('bundles')
export class BundleController {
  constructor(private readonly bundles: BundleService) {}

  @Post()
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiOperation({ summary: 'Compose a bundle: merged form, generated BPMN with diagram, savings (4xx naming unknown items or cycles)' })
  @ApiCreatedResponse({ type: BundleDto })
  create(@Body() body: CreateBundleDto, @CurrentPrincipal() p: Principal) {
    return this.bundles.create(JSON.parse(JSON.stringify(body)), p.name);
  }

  @Post('preview')
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Compose items without storing anything: merged form, dependency layers, savings and departments of the generated process (4xx naming unknown items or cycles)' })
  @ApiOkResponse({ type: BundlePreviewDto })
  preview(@Body() body: PreviewBundleDto) {
    return this.bundles.preview(JSON.parse(JSON.stringify(body)));
  }

  @Get()
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOperation({ summary: 'Every bundle (without its BPMN)' })
  @ApiOkResponse({ type: BundlePageDto })
  async list() {
    const items = await this.bundles.list();
    return { items, total: items.length };
  }

  @Get(':code')
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOperation({ summary: 'One bundle: items, dependencies, merged form, process key, BPMN (unless bpmn=false), savings' })
  @ApiOkResponse({ type: BundleDto })
  get(@Param('code') code: string, @Query('bpmn') bpmn?: string) {
    return this.bundles.get(code, bpmn !== 'false');
  }

  @Put(':code')
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiOperation({ summary: 'Compose the bundle again from the current catalogue: a new version with regenerated BPMN (deploy to use it)' })
  @ApiOkResponse({ type: BundleDto })
  recompose(@Param('code') code: string, @Body() body: RecomposeBundleDto) {
    return this.bundles.recompose(code, JSON.parse(JSON.stringify(body)));
  }

  @Get(':code/savings')
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOperation({ summary: 'What the bundle saves the applicant compared to applying item by item' })
  @ApiOkResponse({ type: BundleSavingsDto })
  async savings(@Param('code') code: string) {
    return (await this.bundles.get(code, false)).savings;
  }

  @Get(':code/bpmn')
  @Access({ roles: CATALOGUE_READERS, owns: 'any' })
  @ApiOperation({ summary: "The bundle's BPMN XML" })
  @ApiOkResponse({ type: BundleBpmnDto })
  async bpmn(@Param('code') code: string) {
    const bundle = await this.bundles.get(code, true);
    return { code: bundle.code, processKey: bundle.processKey, bpmnXml: bundle.bpmnXml, edited: bundle.bpmnEdited };
  }

  @Put(':code/bpmn')
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @ApiOperation({ summary: 'Replace the generated BPMN by an edited one (same process id and tongban extensions)' })
  @ApiOkResponse({ type: BundleDto })
  replaceBpmn(@Param('code') code: string, @Body() body: ReplaceBundleBpmnDto) {
    return this.bundles.replaceBpmn(code, body.bpmnXml);
  }

  @Post(':code/deploy')
  @Access({ roles: ['admin', 'designer'], owns: 'any' })
  @HttpCode(201)
  @ApiOperation({ summary: "Deploy the bundle's BPMN as a new version of its process (unchanged BPMN keeps its version)" })
  @ApiCreatedResponse({ type: BundleDeploymentDto })
  deploy(@Param('code') code: string, @CurrentPrincipal() p: Principal) {
    return this.bundles.deploy(code, p.name);
  }
}
