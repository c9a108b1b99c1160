import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CalendarService, CaseClockWarningService, CatalogDomainError, TaskClockService } from '@tongban/catalog';
import { Access, ANY_ROLE, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { CalendarListDto, CalendarYearDto, CalendarYearWithHistoryDto, DueDateDto, DueDateQuery, PutCalendarYearDto } from './calendar.dto';

function yearOf(path: string): number {
  const year = /^\d{4}$/.test(path) ? Number(path) : NaN;
  if (!(year >= 1900)) throw new CatalogDomainError('VALIDATION_FAILED', `${path} is not a year (four digits, from 1900)`, { errors: [{ field: 'year', reason: 'format', message: 'not a year' }] });
  return year;
}

/** Working-day calendars per region: everyone reads them, admins enter a year (every change kept). */
@ApiTags('calendars')
@ApiProtected()
@Controller('calendars')
export class CalendarController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly taskClocks: TaskClockService,
    private readonly caseWarnings: CaseClockWarningService,
  ) {}

  @Get()
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'The regions\' calendars and the years each knows' })
  @ApiOkResponse({ type: CalendarListDto })
  async list(): Promise<CalendarListDto> {
    return { items: await this.calendars.list() };
  }

  @Get(':region/years/:year')
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'One year of a region\'s calendar with its change history' })
  @ApiOkResponse({ type: CalendarYearWithHistoryDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'The region has no calendar for the year' })
  getYear(@Param('region') region: string, @Param('year') year: string): Promise<CalendarYearWithHistoryDto> {
    return this.calendars.year(region, yearOf(year));
  }

  @Put(':region/years/:year')
  @Access({ roles: ['admin'], owns: 'any' })
  @ApiOperation({
    summary: 'Enter or replace a year of a region\'s calendar (holidays and make-up working days); recorded in its history',
    description: 'Counts what waited for the year: task clocks, case and item clock warnings, 容缺 and correction deadlines, rating follow-ups and directives left not counted (`clockProblem`, `deadlineProblem`, `dueProblem`) — only the cases marked uncounted are read.',
  })
  @ApiOkResponse({ type: CalendarYearDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'A date is malformed, outside the year, both off and working, or a weekday entered as a make-up working day' })
  async putYear(@Param('region') region: string, @Param('year') year: string, @Body() body: PutCalendarYearDto, @CurrentPrincipal() actor: Principal): Promise<CalendarYearDto> {
    const saved = await this.calendars.put(region, yearOf(year), body, actor.name);
    // task clocks, and the cases' counts (clock warnings, deadlines, due dates) that reached into the year before it was known, are counted now
    await this.taskClocks.retimeProblems();
    await this.caseWarnings.retimeUncounted();
    return saved;
  }

  @Get(':region/due-date')
  @Access({ roles: ANY_ROLE, owns: 'any' })
  @ApiOperation({ summary: 'The last day of a time limit counted on a region\'s calendar' })
  @ApiOkResponse({ type: DueDateDto })
  @ApiUnprocessableEntityResponse({ type: ApiErrorDto, description: 'CALENDAR_YEAR_UNKNOWN: the limit reaches a year the calendar does not know' })
  dueDate(@Param('region') region: string, @Query() query: DueDateQuery): Promise<DueDateDto> {
    return this.calendars.dueDate(region, query.from, query.days, query.unit ?? 'working');
  }
}
