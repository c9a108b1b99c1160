import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { MessageService, ownerOf } from '@tongban/runtime';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { PublishMessageDto, PublishResultDto } from './message.dto';

@ApiTags('messages')
@ApiProtected()
@Controller('messages')
export class MessageController {
  constructor(private readonly messages: MessageService) {}

  @Post()
  @Access({ roles: ['admin', 'integrator'], owns: 'any' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a message',
    description:
      'Correlates to every instance waiting for the name and correlation key, and starts an instance of each latest process with a message start event of that name. ' +
      'With a timeToLive and nobody waiting, the message is buffered and consumed by the first instance that subscribes. Each delivery happens once.',
  })
  @ApiOkResponse({ type: PublishResultDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'MESSAGE_DUPLICATE: a message with this messageId was already published (details carry the first one\'s id and result)' })
  publish(@Body() body: PublishMessageDto, @CurrentPrincipal() principal: Principal): Promise<PublishResultDto> {
    return this.messages.publish({ ...body, actor: principal.name, owner: ownerOf(principal) });
  }
}
