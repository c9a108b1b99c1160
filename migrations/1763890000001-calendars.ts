import type { MigrationInterface, QueryRunner } from 'typeorm';
import chineseDays from 'chinese-days/dist/chinese-days.json';

const SEEDED_YEARS = [2024, 2025, 2026];

/**
 * Working-day calendars as data, per region (`cn` for mainland China until regions arrive): one
 * row per region and year, every change kept in `calendar_history`. Mainland China 2024–2026 are
 * seeded from the State Council schedules the `chinese-days` package publishes. Also creates
 * `case_clock_pause`, the clock pauses of a case (补正 and 特别程序), if it does not exist yet.
 */
export class Calendars1763890000001 implements MigrationInterface {
  name = 'Calendars1763890000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_year (
        region text NOT NULL DEFAULT 'cn',
        year integer NOT NULL CHECK (year BETWEEN 1900 AND 9999),
        holidays date[] NOT NULL,
        workdays date[] NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL,
        PRIMARY KEY (region, year)
      )`);
    await q.query(`
      CREATE TABLE calendar_history (
        id bigserial PRIMARY KEY,
        region text NOT NULL,
        year integer NOT NULL,
        holidays date[] NOT NULL,
        workdays date[] NOT NULL,
        previous_holidays date[],
        previous_workdays date[],
        changed_at timestamptz NOT NULL,
        changed_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX calendar_history_region_year ON calendar_history (region, year, id)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS case_clock_pause (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        item text,
        kind text NOT NULL,
        reason text NOT NULL,
        paused_at timestamptz NOT NULL,
        resumed_at timestamptz
      )`);
    for (const year of SEEDED_YEARS) {
      const holidays = Object.keys(chineseDays.holidays).filter((d) => d.startsWith(`${year}-`)).sort();
      const workdays = Object.keys(chineseDays.workdays).filter((d) => d.startsWith(`${year}-`)).sort();
      await q.query(`INSERT INTO calendar_year (region, year, holidays, workdays, updated_at, updated_by) VALUES ('cn', $1, $2::date[], $3::date[], now(), 'chinese-days')`, [year, holidays, workdays]);
      await q.query(`INSERT INTO calendar_history (region, year, holidays, workdays, changed_at, changed_by) VALUES ('cn', $1, $2::date[], $3::date[], now(), 'chinese-days')`, [year, holidays, workdays]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_history`);
    await q.query(`DROP TABLE calendar_year`);
  }
}
