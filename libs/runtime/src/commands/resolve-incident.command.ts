import { Injectable } from '@nestjs/common';
import { DomainError } from '@tongban/kernel';
import { CommandExecutor } from '../instances/command-executor';
import { incidents } from '../persistence/incident.repository';

/** An open incident as the resolve command needs it. */
export interface OpenIncident {
  id: string;
  instanceId: string;
  incidentKey: string;
  elementId: string;
}

/** 409 INCIDENT_NOT_OPEN. */
function notOpen(id: string, state: string): DomainError {
  return new DomainError('INCIDENT_NOT_OPEN', `Incident ${id} is ${state}`, { incidentId: id });
}

/**
 * Resolve-incident command: an operator retries the element an incident stopped at.
 *
 * Refusals: 404 for a missing incident (the caller's read); 409 INCIDENT_NOT_OPEN once resolved.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked;
 * 2. the incident row locked while open (resolved meanwhile → 409); for a job incident with
 *    `retries`, the failed job remembers them for its successor;
 * 3. the engine's `resolveIncident` retries the element (a job element gets a new activatable job,
 *    with the model's retries unless given);
 * 4. the effects' rows — the incident row marked resolved by its `incident.resolved` effect; the
 *    instance commit.
 */
@Injectable()
export class ResolveIncidentCommand {
  constructor(private readonly executor: CommandExecutor) {}

  async run(incident: OpenIncident, retries: number | undefined, actor: string | null): Promise<void> {
    await this.executor.execute(incident.instanceId, { type: 'resolveIncident', key: incident.incidentKey }, {
      actor,
      prepare: async (manager) => {
        if (!(await incidents.lockOpen(manager, incident.id))) throw notOpen(incident.id, 'resolved');
        if (retries !== undefined) await incidents.rememberRetries(manager, incident.instanceId, incident.elementId, retries);
      },
    });
  }
}
