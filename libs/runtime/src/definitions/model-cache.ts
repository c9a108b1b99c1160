import type { ProcessModel } from '@tongban/bpmn';

/**
 * Compiled models by definition id. Definitions never change once deployed, so an entry is
 * valid forever; the oldest entries are dropped past `capacity`.
 */
export class ModelCache {
  private readonly models = new Map<string, ProcessModel>();

  constructor(private readonly capacity = 2_000) {}

  get(definitionId: string): ProcessModel | undefined {
    const model = this.models.get(definitionId);
    if (model) {
      this.models.delete(definitionId);
      this.models.set(definitionId, model);
    }
    return model;
  }

  set(definitionId: string, model: ProcessModel): void {
    this.models.set(definitionId, model);
    if (this.models.size > this.capacity) {
      const oldest = this.models.keys().next().value;
      if (oldest !== undefined) this.models.delete(oldest);
    }
  }
}
