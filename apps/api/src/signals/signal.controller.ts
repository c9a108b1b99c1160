import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { MessageService, ownerOf } from '@tongban/runtime';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiProtected } from '../http/api-docs.decorators';

export class BroadcastSignalDto {
  @ApiProperty({ example: 'policy-changed' })
  @IsString() @IsNotEmpty() @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional() @IsObject()
  variables?: Record<string, unknown>;
}

export class BroadcastResultDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: [String], description: 'instances whose signal subscriptions were triggered' }) correlated: string[];
  @ApiProperty({ type: [String], description: 'instances started by a signal start event' }) started: string[];
}

@ApiTags('signals')
@ApiProtected()
@Controller('signals')
export class SignalController {
  constructor(private readonly messages: MessageService) {}

  @Post()
  @Access({ roles: ['admin', 'integrator'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Broadcast a signal to every waiting signal event and every signal start event of the latest process versions' })
  @ApiOkResponse({ type: BroadcastResultDto })
  async broadcast(@Body() body: BroadcastSignalDto, @CurrentPrincipal() principal: Principal): Promise<BroadcastResultDto> {
    const { id, correlated, started } = await this.messages.broadcast({ ...body, actor: principal.name, owner: ownerOf(principal) });
    return { id, correlated, started };
  }
}
