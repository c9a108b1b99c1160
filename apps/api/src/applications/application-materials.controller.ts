import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { DeferredMaterialService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { HandedInMaterialsDto } from './application-response.dto';
import { MaterialUploadDto } from './application.dto';
import { OwnedCase } from '../privacy/owned-case.guard';

/** `POST /api/v1/applications/{id}/materials`: deferred (容缺) materials handed in after acceptance. */
export class HandInMaterialsDto {
  @ApiProperty({ type: [MaterialUploadDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => MaterialUploadDto) materials: MaterialUploadDto[];
}

/** 容缺受理: materials accepted missing at submission, handed in later. */
@ApiTags('applications')
@ApiProtected()
@Controller('applications')
export class ApplicationMaterialsController {
  constructor(private readonly deferred: DeferredMaterialService) {}

  @Post(':id/materials')
  @Access({ roles: ['admin', 'integrator', 'applicant'], owns: 'applicant', personalData: true, actsForApplicant: true })
  @OwnedCase('application')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand in deferred (容缺) materials: each moves from `deferredMaterials` to `uploadedMaterials` with `handedInAt`, and the department sees it uploaded' })
  @ApiOkResponse({ type: HandedInMaterialsDto, description: 'the deferred and uploaded materials of the case after the hand-in' })
  @ApiUnprocessableEntityResponse({ description: 'APPLICATION_INCOMPLETE: `details.problems` lists every material that is not a deferred material still due, and every unknown attachment; nothing was written' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The case has ended' })
  handIn(@Param('id', IdParamPipe) id: string, @Body() body: HandInMaterialsDto, @CurrentPrincipal() principal: Principal) {
    return this.deferred.handIn(id, JSON.parse(JSON.stringify(body)), principal.name);
  }
}
