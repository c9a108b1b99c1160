import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@tongban/identity';
import type { Response } from 'express';
import { HealthService, type HealthReport } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Access({ roles: 'public', owns: 'any' })
  @ApiOperation({ summary: 'Liveness of the api and its PostgreSQL and Redis connections (no credentials)', security: [] })
  @ApiOkResponse({ description: '{status:"ok", database:{status}, redis:{status}, calendar:{region, status: ok|ending|ended|missing, lastYear, daysLeft, message}}; calendar status ending means fewer than 60 days of the calendar are left' })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL or Redis is down' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') response.status(503);
    return report;
  }
}
