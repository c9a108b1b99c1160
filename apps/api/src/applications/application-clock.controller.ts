import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseClockService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { CaseClockDto, ClockPauseDto, PauseClockDto } from './application-clock.dto';
import { OwnedCase } from '../privacy/owned-case.guard';

/** A case's time-limit clocks (办结时限): read them, pause and resume them for special procedures (特别程序). */
@ApiTags('applications')
@ApiProtected()
@Controller('applications/:id/clock')
export class ApplicationClockController {
  constructor(private readonly clocks: CaseClockService) {}

  @Get()
  @Access({ roles: ['admin', 'supervisor', 'clerk'], owns: 'department' })
  @OwnedCase('application')
  @ApiOperation({ summary: 'Elapsed, paused and remaining days, promised and legal due dates and the warning status, per item and for the case' })
  @ApiOkResponse({ type: CaseClockDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  read(@Param('id') id: string, @CurrentPrincipal() p: Principal): Promise<CaseClockDto> {
    return this.clocks.read(id, p);
  }

  @Post('pauses')
  @Access({ roles: ['admin', 'supervisor', 'clerk'], owns: 'department' })
  @OwnedCase('application')
  @ApiOperation({ summary: 'Pause the clock of an item (a clerk: of their department\'s item) or of the whole case for a special procedure' })
  @ApiCreatedResponse({ type: ClockPauseDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The clock is already paused, or the case has ended' })
  pause(@Param('id') id: string, @Body() body: PauseClockDto, @CurrentPrincipal() p: Principal): Promise<ClockPauseDto> {
    return this.clocks.pause(id, body, p);
  }

  @Post('pauses/:pauseId/resume')
  @HttpCode(200)
  @Access({ roles: ['admin', 'supervisor', 'clerk'], owns: 'department' })
  @OwnedCase('application')
  @ApiOperation({ summary: 'Resume a paused clock; the paused days move its due dates out' })
  @ApiOkResponse({ type: ClockPauseDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The pause was already resumed' })
  resume(@Param('id') id: string, @Param('pauseId') pauseId: string, @CurrentPrincipal() p: Principal): Promise<ClockPauseDto> {
    return this.clocks.resume(id, pauseId, p);
  }
}
