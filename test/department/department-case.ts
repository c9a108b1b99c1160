import { fixture } from '../support/fixtures';
import type { ApiClient } from '../support/api-client';

/** A started `department-work` case (acceptance, then review → decide beside a site check), and its tasks by element. */
export async function startDepartmentCase(api: ApiClient): Promise<{ id: string; open: () => Promise<Record<string, { id: string; department: string; state: string; assignee: string | null }>> }> {
  const { key, xml } = fixture('department-work');
  await api.deploy(xml);
  const id = (await api.startWithKey(key)).body.id as string;
  const open = async () => Object.fromEntries((await api.tasks(id)).filter((task) => task.state === 'open' || task.state === 'claimed').map((task) => [task.elementId, task]));
  return { id, open };
}
