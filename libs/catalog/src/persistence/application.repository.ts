import { andCallerRegion, IN_COMMAND_REGION, returnedRows, ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { ServiceItem } from '../catalog/catalog.types';
import type { ApplicantRef, MaterialResolution } from '../materials/resolve-materials';

/** A case (办件): the application as accepted, with the material check that accepted it. */
export interface ApplicationRow {
  id: string;
  bundleCode: string;
  bundleVersion: number;
  processInstanceId: string;
  applicant: ApplicantRef;
  form: Record<string, unknown>;
  resolution: MaterialResolution;
  /** The bundle's items as the case was accepted under them, in bundle order. */
  itemDefinitions: ServiceItem[];
  createdBy: string | null;
  /** Who owns the case: `integrator:<name>`, `user:<username>` or `applicant:<code>` (see `ownerOf`). */
  owner?: string | null;
  createdAt: Date;
  /** The region the case belongs to (its calendar counts the case's time limits). */
  region?: string;
  /** When a count of the case (a clock warning, a deferred material's deadline) first reached a year the calendar did not know; null once all are counted. */
  uncountedSince?: Date | null;
}

/** What a task clock is counted with of its case. */
export type ClockCase = Pick<ApplicationRow, 'id' | 'itemDefinitions' | 'createdAt' | 'region'>;

/** Narrows a list of applications to the cases a caller may see. */
export interface ApplicationVisibility {
  applicantCode?: string;
  owner?: string;
  /** `AND process_instance_id IN (…)` from runtime's `CaseAccessService.restriction`, numbered from `first`. */
  instances?: (first: number) => { sql: string; params: unknown[] };
}

interface RawRow {
  id: string;
  bundle_code: string;
  bundle_version: number;
  process_instance_id: string;
  applicant_type: string;
  applicant_code: string;
  applicant_name: string;
  form: Record<string, unknown>;
  resolution: MaterialResolution;
  item_definitions: ServiceItem[];
  created_by: string | null;
  owner: string | null;
  created_at: Date;
  region?: string;
  uncounted_since: Date | null;
}

/**
 * The columns `RawRow` reads, named rather than `*`: the statement's result keeps its shape when a
 * migration adds a column, so the connection may keep it prepared (named) and planned.
 */
const COLUMNS = 'id, bundle_code, bundle_version, process_instance_id, applicant_type, applicant_code, applicant_name, form, resolution, item_definitions, created_by, owner, created_at, region, uncounted_since';

function rowOf(r: RawRow): ApplicationRow {
  return {
    id: r.id, bundleCode: r.bundle_code, bundleVersion: r.bundle_version, processInstanceId: r.process_instance_id,
    applicant: { type: r.applicant_type, code: r.applicant_code, name: r.applicant_name },
    form: r.form, resolution: r.resolution, itemDefinitions: r.item_definitions, createdBy: r.created_by, owner: r.owner, createdAt: r.created_at,
    ...(r.region ? { region: r.region } : {}), uncountedSince: r.uncounted_since,
  };
}

/**
 * The applications inserted in a transaction (by its manager), by process instance: the transaction that
 * starts a case's process knows its application without reading it back (`insertedWith`).
 */
const insertedIn = new WeakMap<EntityManager, Map<string, ApplicationRow>>();

/** `application`: one row per accepted application, written in the transaction that starts its process. */
export const applications = {
  async insert(manager: EntityManager, a: ApplicationRow): Promise<void> {
    const [row] = returnedRows<{ region: string }>(await manager.query(
      `INSERT INTO application (region, id, bundle_code, bundle_version, process_instance_id, applicant_type, applicant_code, applicant_name, form, resolution, item_definitions, created_by, created_at, owner)
       VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING region`,
      [a.id, a.bundleCode, a.bundleVersion, a.processInstanceId, a.applicant.type, a.applicant.code, a.applicant.name, JSON.stringify(a.form), JSON.stringify(a.resolution),
        JSON.stringify(a.itemDefinitions), a.createdBy, a.createdAt, a.owner ?? null],
    ));
    const inserted = insertedIn.get(manager) ?? new Map<string, ApplicationRow>();
    inserted.set(a.processInstanceId, { ...a, owner: a.owner ?? null, region: row.region });
    insertedIn.set(manager, inserted);
  },

  /**
   * The application of an instance started in the transaction of `manager` (`CreatedTask.instanceStarted`):
   * the one `insert` wrote in it, or none — a case's application is inserted in the transaction that
   * starts its process, so a new instance has no other.
   */
  insertedWith(manager: EntityManager, processInstanceId: string): ApplicationRow | undefined {
    return insertedIn.get(manager)?.get(processInstanceId);
  },

  /**
   * Marks a case some of whose counts reach a year the calendar does not know (keeping the first
   * instant it was marked), or clears the mark (`since` null) once every count is made.
   */
  async markUncounted(manager: EntityManager, id: string, since: Date | null): Promise<void> {
    await manager.query(`UPDATE application SET uncounted_since = CASE WHEN $2::timestamptz IS NULL THEN NULL ELSE coalesce(uncounted_since, $2::timestamptz) END WHERE id = $1`, [id, since]);
  },

  /** The marked cases (`markUncounted`) after `after`, by id, `limit` at a time: read on the partial index of the marked ones. */
  async uncountedCases(manager: EntityManager, after: string | null, limit: number): Promise<string[]> {
    return returnedRows<{ id: string }>(await manager.query(
      `SELECT id FROM application WHERE uncounted_since IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`, [after, limit],
    )).map((r) => r.id);
  },

  /** The deferred materials of a case changed: their deadlines counted once their year's calendar was entered. */
  async updateResolution(manager: EntityManager, id: string, resolution: MaterialResolution): Promise<void> {
    await manager.query(`UPDATE application SET resolution = $2 WHERE id = $1`, [id, JSON.stringify(resolution)]);
  },

  /** A supplement (补正) changed the case's form and uploads. */
  async updateAnswers(manager: EntityManager, id: string, form: Record<string, unknown>, resolution: MaterialResolution): Promise<void> {
    await manager.query(`UPDATE application SET form = $2, resolution = $3 WHERE id = $1`, [id, JSON.stringify(form), JSON.stringify(resolution)]);
  },

  /**
   * A case by its id, in its region when known: the caller read it from a row of the case, else the
   * caller's region when its scope is one region. `lock`: its row locked for the caller's transaction.
   */
  async find(manager: EntityManager, id: string, region?: string, lock = false): Promise<ApplicationRow | undefined> {
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM application WHERE id = $1${region ? ' AND region = $2' : andCallerRegion()}${lock ? ' FOR UPDATE' : ''}`, region ? [id, region] : [id]));
    return rows[0] ? rowOf(rows[0]) : undefined;
  },

  /**
   * The application of a case, in its region when known: `'command'` in the transaction of the
   * instance's command (its region), a region code when the caller read it from a row of the case (the
   * outbox row of an event), else the caller's region when its scope is one region.
   */
  async findByInstance(manager: EntityManager, processInstanceId: string, region?: 'command' | string): Promise<ApplicationRow | undefined> {
    const inRegion = region === 'command' ? ` AND ${IN_COMMAND_REGION}` : region ? ' AND region = $2' : andCallerRegion();
    const params = region && region !== 'command' ? [processInstanceId, region] : [processInstanceId];
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM application WHERE process_instance_id = $1${inRegion}`, params));
    return rows[0] ? rowOf(rows[0]) : undefined;
  },

  /** The applications that handed in the attachment. */
  async usingAttachment(manager: EntityManager, attachmentId: string): Promise<ApplicationRow[]> {
    const rows = returnedRows<RawRow>(await manager.query(
      `SELECT ${COLUMNS} FROM application WHERE resolution -> 'uploadedMaterials' @> $1::jsonb`,
      [JSON.stringify([{ attachmentId }])],
    ));
    return rows.map(rowOf);
  },

  async list(manager: EntityManager, filter: { applicantCode?: string; bundleCode?: string; offset: number; limit: number }, visible: ApplicationVisibility = {}): Promise<{ items: ApplicationRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.applicantCode) where.push(`applicant_code = $${params.push(filter.applicantCode)}`);
    if (filter.bundleCode) where.push(`bundle_code = $${params.push(filter.bundleCode)}`);
    if (visible.applicantCode) where.push(`applicant_code = $${params.push(visible.applicantCode)}`);
    if (visible.owner) where.push(`owner = $${params.push(visible.owner)}`);
    if (visible.instances) {
      const restriction = visible.instances(params.length + 1);
      if (restriction.sql) where.push(`TRUE ${restriction.sql}`);
      params.push(...restriction.params);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = Number(returnedRows<{ n: string }>(await manager.query(`SELECT count(*) AS n FROM application ${clause}`, params))[0].n);
    const rows = returnedRows<RawRow>(await manager.query(
      `SELECT ${COLUMNS} FROM application ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    ));
    return { items: rows.map(rowOf), total };
  },
};
