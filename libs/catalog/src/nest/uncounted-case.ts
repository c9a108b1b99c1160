import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applications } from '../persistence/application.repository';

const logger = new Logger('UncountedCounts');
const warned = new Set<string>();

/**
 * Marks a case one of whose counts (`what`: 容缺 deadlines, correction deadlines, …) reaches a year the
 * calendar does not know, in the caller's transaction, and logs a warning once per process and kind:
 * entering the year (the calendar PUT) counts them.
 */
export async function markCaseUncounted(manager: EntityManager, applicationId: string, now: Date, what: string): Promise<void> {
  await applications.markUncounted(manager, applicationId, now);
  if (warned.has(what)) return;
  warned.add(what);
  logger.warn(`${what} that reach a year the calendar does not know are not counted until its calendar is entered (PUT /api/v1/calendars/:region/years/:year); first: application ${applicationId}`);
}
