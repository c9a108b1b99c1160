import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, NotFoundError } from '@tongban/kernel';
import { ResolveIncidentCommand } from '../commands/resolve-incident.command';

export interface IncidentView {
  id: string;
  processInstanceId: string;
  elementId: string;
  type: string;
  message: string;
  state: 'open' | 'resolved';
  createdAt: Date;
  resolvedAt: Date | null;
  /** The failed job of a job incident. */
  jobKey: string | null;
}

interface IncidentRow {
  id: string;
  instance_id: string;
  incident_key: string;
  element_id: string;
  type: string;
  message: string;
  state: 'open' | 'resolved';
  created_at: Date;
  resolved_at: Date | null;
  job_id: string | null;
}

/** The job a job incident stopped at: the latest failed job of its element when it was raised. */
const JOB_OF_INCIDENT = `(SELECT j.id FROM job j WHERE i.type = 'JOB_RETRIES_EXHAUSTED' AND j.instance_id = i.instance_id AND j.element_id = i.element_id
                            AND j.state = 'failed' AND j.created_at <= i.created_at ORDER BY j.created_at DESC LIMIT 1) AS job_id`;

function viewOf(row: IncidentRow): IncidentView {
  return {
    id: row.id,
    processInstanceId: row.instance_id,
    elementId: row.element_id,
    type: row.type,
    message: row.message,
    state: row.state,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    jobKey: row.job_id ?? null,
  };
}

/** Incidents: where instances stopped, and their resolution by an operator. */
@Injectable()
export class IncidentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly resolveIncident: ResolveIncidentCommand,
  ) {}

  /** Incidents, newest first; `owner` keeps the incidents of the cases one integrator owns. */
  async list(filter: { processInstanceId?: string; state?: 'open' | 'resolved'; owner?: string; offset: number; limit: number }): Promise<{ items: IncidentView[]; total: number }> {
    const where = `($1::uuid IS NULL OR instance_id = $1) AND ($2::text IS NULL OR state = $2)
      AND ($3::text IS NULL OR instance_id IN (SELECT id FROM process_instance WHERE owner = $3))`;
    const params = [filter.processInstanceId ?? null, filter.state ?? null, filter.owner ?? null];
    const rows = (await this.dataSource.query(
      `SELECT i.*, ${JOB_OF_INCIDENT} FROM incident i WHERE ${where} ORDER BY i.created_at DESC, i.id OFFSET $4 LIMIT $5`,
      [...params, filter.offset, filter.limit],
    )) as IncidentRow[];
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM incident WHERE ${where}`, params)) as { count: number }[];
    return { items: rows.map(viewOf), total: count };
  }

  async get(id: string): Promise<IncidentView> {
    return viewOf(await this.load(id));
  }

  /** See `ResolveIncidentCommand`. */
  async resolve(id: string, retries: number | undefined, actor: string | null): Promise<IncidentView> {
    const incident = await this.load(id);
    if (incident.state !== 'open') throw new DomainError('INCIDENT_NOT_OPEN', `Incident ${id} is ${incident.state}`, { incidentId: id });
    await this.resolveIncident.run({ id, instanceId: incident.instance_id, incidentKey: incident.incident_key, elementId: incident.element_id }, retries, actor);
    return this.get(id);
  }

  private async load(id: string): Promise<IncidentRow> {
    const [row] = (await this.dataSource.query(`SELECT i.*, ${JOB_OF_INCIDENT} FROM incident i WHERE i.id = $1`, [id])) as IncidentRow[];
    if (!row) throw new NotFoundError('Incident', id);
    return row;
  }
}
