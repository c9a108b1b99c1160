import { readFileSync } from 'fs';
import { join } from 'path';
import { compileBpmn, type ProcessModel } from '@tongban/bpmn';
import { engine, type Command, type Effect, type EngineContext, type InstanceState, type Variables } from '@tongban/engine';

/** Compiles a fixture beside the specs; the first process unless `processId` is given. */
export async function fixture(name: string, processId?: string): Promise<ProcessModel> {
  const xml = readFileSync(join(__dirname, 'fixtures', `${name}.bpmn`), 'utf8');
  const compiled = await compileBpmn(xml);
  const model = processId ? compiled.processes.find((p) => p.id === processId) : compiled.processes[0];
  if (!model) throw new Error(`fixture ${name} has no process ${processId ?? ''}`);
  return model;
}

/** Drives one instance through the engine like the runtime would, keeping every effect. */
export class Instance {
  state!: InstanceState;
  readonly effects: Effect[] = [];
  last: Effect[] = [];
  now = Date.UTC(2026, 0, 5, 9, 0, 0);
  ctxExtra: Partial<EngineContext> = {};

  constructor(readonly model: ProcessModel) {}

  get ctx(): EngineContext {
    return { now: this.now, ...this.ctxExtra };
  }

  start(variables?: Variables, extra: Partial<Extract<Command, { type: 'start' }>> = {}): this {
    const result = engine.start(this.model, { type: 'start', variables, ...extra }, this.ctx);
    return this.record(result.state, result.effects);
  }

  run(command: Command): this {
    const result = engine.execute(this.model, this.state, command, this.ctx);
    return this.record(result.state, result.effects);
  }

  private record(state: InstanceState, effects: Effect[]): this {
    this.state = JSON.parse(JSON.stringify(state)) as InstanceState;
    this.last = effects;
    this.effects.push(...effects);
    return this;
  }

  get status(): string {
    return this.state.status;
  }

  get active(): string[] {
    return engine.activeElementIds(this.state).sort();
  }

  get vars(): Variables {
    return engine.rootVariables(this.state);
  }

  /** Keys of open effects of a type for an element (created and not cancelled / completed). */
  keyOf(type: Effect['type'], elementId: string): string {
    const found = [...this.effects].reverse().find((e) => e.type === type && 'elementId' in e && e.elementId === elementId && 'key' in e);
    if (!found || !('key' in found) || !found.key) throw new Error(`no ${type} effect for ${elementId}`);
    return found.key;
  }

  completeTask(elementId: string, variables?: Variables): this {
    return this.run({ type: 'completeTask', key: this.keyOf('task.created', elementId), variables });
  }

  completeJob(elementId: string, variables?: Variables): this {
    return this.run({ type: 'completeJob', key: this.keyOf('job.created', elementId), variables });
  }

  openTasks(): string[] {
    const open = new Map<string, string>();
    for (const e of this.effects) {
      if (e.type === 'task.created') open.set(e.key, e.elementId);
      if (e.type === 'task.cancelled') open.delete(e.key);
    }
    for (const e of this.effects) if (e.type === 'history' && (e.event === 'element.left' || e.event === 'element.terminated') && e.key) open.delete(e.key);
    return [...open.values()].sort();
  }

  /** Element ids in the order they were entered / left. */
  history(event: 'element.entered' | 'element.left' | 'element.terminated' | 'flow.taken' = 'element.left'): string[] {
    return this.effects.filter((e): e is Extract<Effect, { type: 'history' }> => e.type === 'history' && e.event === event).map((e) => e.elementId);
  }

  ofType<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }

  incidents(): string[] {
    return Object.values(this.state.incidents).map((i) => `${i.elementId}:${i.type}`);
  }
}
