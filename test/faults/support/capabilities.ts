import { serviceTask, timerWait } from './bpmn-fixtures';
import { asIntegrator, isOk, type RestClient } from './rest-client';
import { tryDeploy } from './workflow-driver';

export interface Capability {
  available: boolean;
  /** Why not, when not available. */
  reason?: string;
  processKey?: string;
}

/** Whether service tasks deploy and `POST /api/v1/jobs/activate` exists. */
export async function jobQueueCapability(client: RestClient, processId: string, jobType: string, xml = serviceTask(processId, jobType)): Promise<Capability> {
  const deployed = await tryDeploy(client, processId, xml);
  if (!isOk(deployed.status)) return { available: false, reason: `deploying a service-task model answered ${deployed.status}: ${brief(deployed.body)}` };
  const activation = await client.post('/api/v1/jobs/activate', asIntegrator, { type: `${jobType}-probe`, maxJobs: 1, workerId: 'faults-probe', timeout: 1000 });
  if (activation.status === 404 || activation.status === 405) return { available: false, reason: `POST /api/v1/jobs/activate answered ${activation.status}: ${brief(activation.body)}` };
  if (!isOk(activation.status)) return { available: false, reason: `POST /api/v1/jobs/activate answered ${activation.status}: ${brief(activation.body)}` };
  return { available: true, processKey: deployed.body.processes?.[0]?.key ?? processId };
}

/** Whether a model with a timer intermediate catch event deploys. */
export async function timerCapability(client: RestClient, processId: string, duration: string): Promise<Capability> {
  const deployed = await tryDeploy(client, processId, timerWait(processId, duration));
  if (!isOk(deployed.status)) return { available: false, reason: `deploying a timer model answered ${deployed.status}: ${brief(deployed.body)}` };
  return { available: true, processKey: deployed.body.processes?.[0]?.key ?? processId };
}

function brief(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (text ?? '').slice(0, 200);
}
