import type { EntityManager } from 'typeorm';
import type { CalendarYear } from '../calendar/calendar-year';

/** A stored year of a region's calendar. */
export interface CalendarYearRow extends CalendarYear {
  region: string;
  year: number;
  updatedAt: string;
  updatedBy: string;
}

/** One recorded change of a calendar year. */
export interface CalendarChange extends CalendarYear {
  previous: CalendarYear | null;
  changedAt: string;
  changedBy: string;
}

interface RawYear {
  region: string;
  year: number;
  holidays: string[];
  workdays: string[];
  updated_at: Date;
  updated_by: string;
}

const YEAR_COLUMNS = `region, year, holidays::text[] AS holidays, workdays::text[] AS workdays, updated_at, updated_by`;

function yearOf(r: RawYear): CalendarYearRow {
  return { region: r.region, year: r.year, holidays: r.holidays, workdays: r.workdays, updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by };
}

/** `calendar_year`: a region's days off and make-up working days per year; `calendar_history`: every change. */
export const calendars = {
  async years(manager: EntityManager, region?: string): Promise<CalendarYearRow[]> {
    const rows: RawYear[] = await manager.query(
      `SELECT ${YEAR_COLUMNS} FROM calendar_year WHERE $1::text IS NULL OR region = $1 ORDER BY region, year`, [region ?? null]);
    return rows.map(yearOf);
  },

  async year(manager: EntityManager, region: string, year: number, lock = false): Promise<CalendarYearRow | undefined> {
    const rows: RawYear[] = await manager.query(
      `SELECT ${YEAR_COLUMNS} FROM calendar_year WHERE region = $1 AND year = $2${lock ? ' FOR UPDATE' : ''}`, [region, year]);
    return rows[0] ? yearOf(rows[0]) : undefined;
  },

  async put(manager: EntityManager, row: CalendarYearRow, previous: CalendarYear | undefined): Promise<void> {
    await manager.query(
      `INSERT INTO calendar_year (region, year, holidays, workdays, updated_at, updated_by) VALUES ($1, $2, $3::date[], $4::date[], $5, $6)
       ON CONFLICT (region, year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [row.region, row.year, row.holidays, row.workdays, row.updatedAt, row.updatedBy]);
    await manager.query(
      `INSERT INTO calendar_history (region, year, holidays, workdays, previous_holidays, previous_workdays, changed_at, changed_by)
       VALUES ($1, $2, $3::date[], $4::date[], $5::date[], $6::date[], $7, $8)`,
      [row.region, row.year, row.holidays, row.workdays, previous?.holidays ?? null, previous?.workdays ?? null, row.updatedAt, row.updatedBy]);
  },

  async history(manager: EntityManager, region: string, year: number): Promise<CalendarChange[]> {
    const rows: { holidays: string[]; workdays: string[]; previous_holidays: string[] | null; previous_workdays: string[] | null; changed_at: Date; changed_by: string }[] = await manager.query(
      `SELECT holidays::text[] AS holidays, workdays::text[] AS workdays, previous_holidays::text[] AS previous_holidays, previous_workdays::text[] AS previous_workdays, changed_at, changed_by
         FROM calendar_history WHERE region = $1 AND year = $2 ORDER BY id`, [region, year]);
    return rows.map((r) => ({
      holidays: r.holidays, workdays: r.workdays, changedAt: r.changed_at.toISOString(), changedBy: r.changed_by,
      previous: r.previous_holidays ? { holidays: r.previous_holidays, workdays: r.previous_workdays ?? [] } : null,
    }));
  },
};
