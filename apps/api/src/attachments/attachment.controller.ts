import { Controller, Get, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AttachmentService, CatalogDomainError, MAX_ATTACHMENT_BYTES } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import type { Response } from 'express';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { CASE_READERS } from '../privacy/case-readers';
import { AttachmentDto } from './attachment.dto';

/** Uploaded materials: PDF, PNG, JPEG or OFD (by magic bytes), up to 20 MiB, stored in PostgreSQL. */
@ApiTags('attachments')
@ApiProtected()
@Controller('attachments')
export class AttachmentController {
  constructor(private readonly attachments: AttachmentService) {}

  @Post()
  @Access({ roles: ['admin', 'integrator', 'applicant'], owns: 'applicant', personalData: true, actsForApplicant: true })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOperation({ summary: 'Upload a material; 413 over 20 MiB, 415 naming the detected type when not PDF, PNG, JPEG or OFD' })
  @ApiCreatedResponse({ type: AttachmentDto })
  async upload(@UploadedFile() file: { originalname: string; buffer: Buffer } | undefined, @CurrentPrincipal() p: Principal) {
    if (!file) throw new CatalogDomainError('VALIDATION_FAILED', 'Send the material as the multipart part `file`', { errors: [{ field: 'file', reason: 'required', message: 'is required' }] });
    const a = await this.attachments.upload(file, p.name);
    return { id: a.id, name: a.name, size: a.size, mediaType: a.mediaType, sha256: a.sha256, createdAt: a.createdAt };
  }

  @Get(':id')
  @Access({ roles: [...CASE_READERS, 'applicant'], owns: 'department', personalData: true })
  @ApiOperation({ summary: "An attachment's metadata" })
  @ApiOkResponse({ type: AttachmentDto })
  get(@Param('id', IdParamPipe) id: string) {
    return this.attachments.get(id);
  }

  @Get(':id/content')
  @Access({ roles: [...CASE_READERS, 'applicant'], owns: 'department', personalData: true })
  @ApiOperation({ summary: "An attachment's bytes: a clerk only materials of the department's items, an integrator those of its cases, an applicant their own; audited on the case" })
  @ApiOkResponse({ content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } }, description: 'the bytes, with the Content-Type detected at upload' })
  async content(@Param('id', IdParamPipe) id: string, @CurrentPrincipal() p: Principal, @Res() res: Response) {
    const { meta, content } = await this.attachments.content(id, p);
    res.setHeader('Content-Type', meta.mediaType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`);
    res.send(content);
  }
}
