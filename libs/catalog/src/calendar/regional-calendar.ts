import type { CalendarYear } from './calendar-year';

/** A stored year of one region of a lineage. */
export interface LineageYear extends CalendarYear {
  region: string;
  year: number;
}

/**
 * A region's effective calendar years: each year of its lineage (the root first, the region last)
 * layered on the year above — a region's days off are added and its make-up working days
 * replace what the levels above said of that date. A year is known when any level knows it.
 */
export function layerCalendarYears(lineage: readonly string[], rows: readonly LineageYear[]): Array<CalendarYear & { year: number }> {
  const years = [...new Set(rows.filter((r) => lineage.includes(r.region)).map((r) => r.year))].sort((a, b) => a - b);
  return years.map((year) => {
    const holidays = new Set<string>();
    const workdays = new Set<string>();
    for (const region of lineage) {
      const level = rows.find((r) => r.region === region && r.year === year);
      if (!level) continue;
      for (const day of level.holidays) { holidays.add(day); workdays.delete(day); }
      for (const day of level.workdays) { workdays.add(day); holidays.delete(day); }
    }
    return { year, holidays: [...holidays].sort(), workdays: [...workdays].sort() };
  });
}
