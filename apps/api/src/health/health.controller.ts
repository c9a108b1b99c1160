import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@tongban/identity';
import { ReadinessService } from '@tongban/runtime';
import type { Response } from 'express';
import { HealthService, type HealthReport } from './health.service';
import { HealthReportDto, ProbeResultDto } from './probe-result.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly readiness: ReadinessService,
  ) {}

  @Get()
  @Access({ roles: 'public', owns: 'any' })
  @ApiOperation({ summary: 'Liveness of the api and its PostgreSQL and Redis connections (no credentials)', security: [] })
  @ApiOkResponse({ type: HealthReportDto, description: '{status:"ok", database:{status}, redis:{status}, calendar:{region, status: ok|ending|ended|missing, lastYear, daysLeft, message}}; calendar status ending means fewer than 60 days of the calendar are left' })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL or Redis is down' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') response.status(503);
    return report;
  }

  @Get('live')
  @Access({ roles: 'public', owns: 'any' })
  @ApiOperation({ summary: 'Liveness probe (terminus): the process answers; asks nothing of PostgreSQL or Redis', security: [] })
  @ApiOkResponse({ type: ProbeResultDto })
  async live(@Res({ passthrough: true }) response: Response): Promise<ProbeResultDto> {
    const answer = await this.readiness.live();
    response.status(answer.status);
    return answer.body;
  }

  @Get('ready')
  @Access({ roles: 'public', owns: 'any' })
  @ApiOperation({ summary: 'Readiness probe (terminus): PostgreSQL, Redis and, with DATABASE_READ_URL, the read replica answer within 2 s each; 503 naming the one that does not. The replica\'s replay lag is reported (`replica.lagSeconds`), never a failure', security: [] })
  @ApiOkResponse({ type: ProbeResultDto })
  @ApiServiceUnavailableResponse({ type: ProbeResultDto, description: 'PostgreSQL, Redis or the read replica is down: `error` names it' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ProbeResultDto> {
    const answer = await this.readiness.ready();
    response.status(answer.status);
    return answer.body;
  }
}
