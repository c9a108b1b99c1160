import { returnedRows } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { FormJsSchema } from '../forms/form-js.types';

/** One stored version of a form. */
export interface FormRow {
  formId: string;
  version: number;
  name: string;
  schema: FormJsSchema;
  createdBy: string | null;
  createdAt: Date;
}

interface RawRow {
  form_id: string;
  version: number;
  name: string;
  schema: FormJsSchema;
  created_by: string | null;
  created_at: Date;
}

const COLUMNS = 'form_id, version, name, schema, created_by, created_at';

function rowOf(r: RawRow): FormRow {
  return { formId: r.form_id, version: r.version, name: r.name, schema: r.schema, createdBy: r.created_by, createdAt: r.created_at };
}

/** `form_definition`: one row per version of a form; a change is a new version, never an update. */
export const forms = {
  /** The latest version of every form, by id. */
  async latest(manager: EntityManager): Promise<FormRow[]> {
    return returnedRows<RawRow>(await manager.query(`SELECT DISTINCT ON (form_id) ${COLUMNS} FROM form_definition ORDER BY form_id, version DESC`)).map(rowOf);
  },

  /** The ids of every form a linked user task may name. */
  async ids(manager: EntityManager): Promise<string[]> {
    return returnedRows<{ form_id: string }>(await manager.query(`SELECT DISTINCT form_id FROM form_definition`)).map((r) => r.form_id);
  },

  /** Every version of a form, newest first. */
  async versions(manager: EntityManager, formId: string): Promise<FormRow[]> {
    return returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM form_definition WHERE form_id = $1 ORDER BY version DESC`, [formId])).map(rowOf);
  },

  /** One version of a form (the latest when `version` is undefined). */
  async find(manager: EntityManager, formId: string, version?: number): Promise<FormRow | undefined> {
    const rows = version === undefined
      ? await manager.query(`SELECT ${COLUMNS} FROM form_definition WHERE form_id = $1 ORDER BY version DESC LIMIT 1`, [formId])
      : await manager.query(`SELECT ${COLUMNS} FROM form_definition WHERE form_id = $1 AND version = $2`, [formId, version]);
    const [row] = returnedRows<RawRow>(rows);
    return row ? rowOf(row) : undefined;
  },

  /**
   * Adds a version under a transaction-scoped lock on the form id: latest + 1, unless `checksum`
   * equals the latest version's (then nothing is written and the latest is returned).
   */
  async put(manager: EntityManager, row: Omit<FormRow, 'version'>, checksum: string): Promise<{ row: FormRow; created: boolean }> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('form_definition:' || $1))`, [row.formId]);
    const [latest] = returnedRows<RawRow & { checksum: string }>(await manager.query(
      `SELECT ${COLUMNS}, checksum FROM form_definition WHERE form_id = $1 ORDER BY version DESC LIMIT 1`, [row.formId]));
    if (latest && latest.checksum === checksum) return { row: rowOf(latest), created: false };
    const [inserted] = returnedRows<RawRow>(await manager.query(
      `INSERT INTO form_definition (form_id, version, name, schema, checksum, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [row.formId, (latest?.version ?? 0) + 1, row.name, JSON.stringify(row.schema), checksum, row.createdBy, row.createdAt]));
    return { row: rowOf(inserted), created: true };
  },
};
