import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { parseWorkingWindow } from '../calendar/working-hours';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, NotFoundError, REGION_LINEAGE, regionContext, type Clock, type RegionLineage } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { isRealDate, validateCalendarYear, type CalendarYear } from '../calendar/calendar-year';
import { CN_UTC_OFFSET_MINUTES } from '../calendar/chinese-days.calendar';
import { limitDueDate, localDate, workingDaysBetween, type HolidayCalendar } from '../calendar/working-days';
import { layerCalendarYears } from '../calendar/regional-calendar';
import { calendars, type CalendarChange, type CalendarYearRow } from '../persistence/calendar.repository';
import { CatalogDomainError, translateCatalogError } from './catalog-domain.error';

/** The root region: its calendar is the national one every region's calendar is layered on. */
export const DEFAULT_REGION = 'cn';

/** How long before a calendar's last known day `/health` and the log warn that the next year is missing. */
export const CALENDAR_WARNING_DAYS = 60;

const REGION = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** How long a process counts on its copy of the calendar years before reading them again (a change entered through it replaces the copy at once). */
const YEARS_TTL_MS = 30_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A region's calendar: the years it knows. */
export interface CalendarSummary {
  region: string;
  utcOffsetMinutes: number;
  years: number[];
}

/** Whether a region's calendar still covers the coming days. */
export interface CalendarCoverage {
  region: string;
  status: 'ok' | 'ending' | 'ended' | 'missing';
  lastYear: number | null;
  /** Days from today (local) to the last day the calendar knows, 31 December of `lastYear`. */
  daysLeft: number | null;
  message: string;
}

/** Working-day calendars as data: read, entered by administrators (every change kept), and turned into arithmetic. */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarService.name);
  /** The daily window of working hours for limits in working hours: `TONGBAN_WORKING_HOURS` (default 09:00-17:00, local time of the region). */
  private readonly workingHours = parseWorkingWindow(process.env.TONGBAN_WORKING_HOURS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(REGION_LINEAGE) private readonly lineage?: RegionLineage,
  ) {}

  /** Every region's stored years, as this process last read them. */
  private years?: { rows: CalendarYearRow[]; until: number };
  private reading?: Promise<CalendarYearRow[]>;
  /** Each region's calendar as last layered: from which copy of the years and lineage (frozen: callers share it). */
  private readonly layered = new Map<string, { stored: CalendarYearRow[]; key: string; calendar: HolidayCalendar }>();

  async onApplicationBootstrap(): Promise<void> {
    await this.readYears();
    const coverage = await this.coverage();
    if (coverage.status !== 'ok') this.logger.warn(coverage.message);
  }

  async list(): Promise<CalendarSummary[]> {
    const byRegion = new Map<string, number[]>();
    for (const row of await calendars.years(this.dataSource.manager)) byRegion.set(row.region, [...(byRegion.get(row.region) ?? []), row.year]);
    return [...byRegion].map(([region, years]) => ({ region, utcOffsetMinutes: utcOffsetOf(region), years }));
  }

  async year(region: string, year: number): Promise<CalendarYearRow & { history: CalendarChange[] }> {
    checkRegion(region);
    const row = await calendars.year(this.dataSource.manager, region, year);
    if (!row) throw new NotFoundError('CalendarYear', `${region}/${year}`);
    return { ...row, history: await calendars.history(this.dataSource.manager, region, year) };
  }

  /**
   * Enters or replaces a year of a region's calendar (a region the caller manages: 404 otherwise);
   * the change and what it replaced go to the history.
   */
  async put(region: string, year: number, input: CalendarYear, actor: string): Promise<CalendarYearRow> {
    checkRegion(region);
    const valid = translateCatalogError(() => validateCalendarYear(year, input));
    try {
      return await this.dataSource.transaction(async (manager) => {
        const previous = await calendars.year(manager, region, year, true);
        const row: CalendarYearRow = { region, year, ...valid, updatedAt: this.clock.now().toISOString(), updatedBy: actor };
        await calendars.put(manager, row, previous);
        return row;
      }).then(async (row) => {
        await this.readYears();
        return row;
      });
    } catch (error) {
      // row-level security: the calendar of a region the caller does not manage (or that does not exist)
      if ((error as { driverError?: { code?: string } }).driverError?.code === '42501') throw new NotFoundError('Region', region);
      throw error;
    }
  }

  /** The last day of a limit of `days` counted from `from` (not itself counted), and the working days in between. */
  async dueDate(region: string, from: string, days: number, unit: 'working' | 'calendar'): Promise<{ region: string; from: string; days: number; unit: string; dueDate: string; workingDays: number }> {
    checkRegion(region);
    if (!isRealDate(from)) throw new CatalogDomainError('VALIDATION_FAILED', `${from} is not a date YYYY-MM-DD`, { errors: [{ field: 'from', reason: 'format', message: 'not a date' }] });
    const calendar = await this.calendarFor(region);
    return translateCatalogError(() => {
      const dueDate = limitDueDate(from, days, unit, calendar);
      return { region, from, days, unit, dueDate, workingDays: workingDaysBetween(from, dueDate, calendar) };
    });
  }

  /**
   * The working-day calendar of a region (by default the caller's home region), with every year
   * it knows: its own years layered on those of the regions above it (a city's local holidays on
   * the national calendar). Calendars are read across regions: time limits of a city's case count
   * by the city's calendar whoever asks.
   */
  async calendarFor(region: string = regionContext.current()?.home ?? DEFAULT_REGION): Promise<HolidayCalendar> {
    const lineage = [...(await this.ancestorsOf(region)).reverse(), region];
    const stored = await this.storedYears();
    // Layered once per region and copy of the years (every new task's clock asks for its case's calendar)
    const key = lineage.join('/');
    const known = this.layered.get(region);
    if (known && known.stored === stored && known.key === key) return known.calendar;
    const years = layerCalendarYears(lineage, stored.filter((row) => lineage.includes(row.region)));
    const calendar: HolidayCalendar = Object.freeze({
      name: region, utcOffsetMinutes: utcOffsetOf(region), years: Object.freeze(years.map((r) => r.year)) as number[],
      holidays: Object.freeze(years.flatMap((r) => r.holidays)) as string[], workdays: Object.freeze(years.flatMap((r) => r.workdays)) as string[],
      workingHours: this.workingHours,
    });
    this.layered.set(region, { stored, key, calendar });
    return calendar;
  }

  /**
   * The stored years of every region from this process's copy. Time limits are counted inside
   * transactions that already hold a connection: the copy is read at start and, once older than
   * its time to live, read again in the background while the old copy still answers, so no such
   * transaction ever waits for a second connection (a full pool would wait forever).
   */
  private async storedYears(): Promise<CalendarYearRow[]> {
    if (!this.years) return this.readYears();
    if (this.years.until <= Date.now()) void this.readYears().catch((error: Error) => this.logger.warn(`reading the calendars again: ${error.message}`));
    return this.years.rows;
  }

  /** Reads every region's years into this process's copy (one read at a time). */
  private readYears(): Promise<CalendarYearRow[]> {
    this.reading ??= regionContext.runAsSystem(() => calendars.years(this.dataSource.manager))
      .then((rows) => {
        this.years = { rows, until: Date.now() + YEARS_TTL_MS };
        return rows;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async ancestorsOf(region: string): Promise<string[]> {
    if (this.lineage) return this.lineage.ancestors(region);
    return region === DEFAULT_REGION ? [] : [DEFAULT_REGION];
  }

  /** Whether the region's calendar knows the next `CALENDAR_WARNING_DAYS` days. */
  async coverage(region: string = DEFAULT_REGION): Promise<CalendarCoverage> {
    const calendar = await this.calendarFor(region);
    const today = localDate(this.clock.now(), calendar);
    const thisYear = Number(today.slice(0, 4));
    if (!calendar.years.includes(thisYear)) {
      return { region, status: calendar.years.length ? 'ended' : 'missing', lastYear: calendar.years.at(-1) ?? null, daysLeft: null,
        message: `The ${region} calendar has no holidays for ${thisYear}: working-day time limits cannot be counted until PUT /api/v1/calendars/${region}/years/${thisYear}` };
    }
    let lastYear = thisYear;
    while (calendar.years.includes(lastYear + 1)) lastYear++;
    const daysLeft = Math.round((Date.parse(`${lastYear}-12-31T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    if (daysLeft > CALENDAR_WARNING_DAYS) return { region, status: 'ok', lastYear, daysLeft, message: `The ${region} calendar is known until ${lastYear}-12-31` };
    return { region, status: 'ending', lastYear, daysLeft,
      message: `The ${region} calendar ends in ${daysLeft} day(s), on ${lastYear}-12-31: enter ${lastYear + 1} (PUT /api/v1/calendars/${region}/years/${lastYear + 1}) before time limits reach it` };
  }
}

/** Every region is in mainland China, on Beijing time. */
function utcOffsetOf(_region: string): number {
  return CN_UTC_OFFSET_MINUTES;
}

function checkRegion(region: string): void {
  if (!REGION.test(region)) {
    throw new CatalogDomainError('VALIDATION_FAILED', `${region} is not a region code (lower-case letters, digits and dashes, at most 32)`, { errors: [{ field: 'region', reason: 'format', message: 'not a region code' }] });
  }
}
