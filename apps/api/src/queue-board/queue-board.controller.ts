import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import type { Response } from 'express';
import { ApiProtected } from '../http/api-docs.decorators';
import { QUEUE_BOARD_PATH, QueueBoardService } from './queue-board.service';

export class QueueBoardPassDto {
  @ApiProperty({ example: QUEUE_BOARD_PATH, description: 'Open this page in the same browser' }) url: string;
  @ApiProperty({ example: '2026-03-02T09:15:00.000Z' }) expiresAt: string;
}

/** Lets an admin's browser into the BullMQ queue board. */
@ApiTags('admin')
@ApiProtected()
@Controller('admin/queue-board')
export class QueueBoardController {
  constructor(private readonly board: QueueBoardService) {}

  @Post('session')
  @HttpCode(200)
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({ summary: 'A 15-minute pass to the queue board at /admin/queues, set as an HttpOnly SameSite=Strict cookie bound to the admin\'s sign-in session (signing out ends it)' })
  @ApiOkResponse({ type: QueueBoardPassDto, headers: { 'Set-Cookie': { description: 'tongban_queue_board=…; Path=/admin/queues; HttpOnly; SameSite=Strict', schema: { type: 'string' } } } })
  open(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): QueueBoardPassDto {
    const pass = this.board.issuePass(principal);
    response.setHeader('Set-Cookie', pass.cookie);
    return { url: QUEUE_BOARD_PATH, expiresAt: pass.expiresAt.toISOString() };
  }
}
