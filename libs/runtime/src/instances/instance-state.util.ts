import type { InstanceState } from '@tongban/engine';
import type { InstanceRowState } from './process-instance.entity';

/** The state shown for an instance: the engine's status, or `incident` while an incident is open. */
export function rowStateOf(state: InstanceState): InstanceRowState {
  if (state.status === 'active' && Object.keys(state.incidents ?? {}).length > 0) return 'incident';
  return state.status;
}
