import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Target = Parameters<Storage['getTargetValidationMetadatas']>[0];
type Grouped = ReturnType<Storage['groupByPropertyName']>;
type ValidationMetadata = ReturnType<Storage['getTargetValidationMetadatas']>[number];

const CACHED = Symbol.for('tongban.validation-metadata-cache');

/**
 * Remembers class-validator's rules per DTO class. For every body, query and nested object it
 * validates, class-validator filters the class's rules and scans every class with rules (about a
 * hundred in the api) for the ones it inherits from, then groups the rules by property: more than
 * half of what the ValidationPipe spends on a task completion's or an instance start's body. The rules are fixed once the DTO classes are defined; should one be
 * added later (a class defined after start), the remembered ones are dropped. Calls with groups or a
 * schema are not remembered (the api validates classes, without groups). Idempotent.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [CACHED]?: true };
  if (marked[CACHED]) return;
  marked[CACHED] = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const addMetadata = storage.addValidationMetadata.bind(storage);
  const addSchema = storage.addValidationSchema.bind(storage);
  // one map per (always, strictGroups): both only ever tested for truth
  let rules: Array<Map<Target, ValidationMetadata[]>> = [new Map(), new Map(), new Map(), new Map()];
  let groups = new WeakMap<ValidationMetadata[], Grouped>();
  const forget = (): void => {
    rules = [new Map(), new Map(), new Map(), new Map()];
    groups = new WeakMap();
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, validationGroups) => {
    if (schema || validationGroups?.length) return lookup(target, schema, always, strictGroups, validationGroups);
    const byTarget = rules[(always ? 2 : 0) + (strictGroups ? 1 : 0)];
    let found = byTarget.get(target);
    if (!found) byTarget.set(target, (found = lookup(target, schema, always, strictGroups, validationGroups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let grouped = groups.get(metadata);
    if (!grouped) groups.set(metadata, (grouped = group(metadata)));
    return grouped;
  };
  storage.addValidationMetadata = (metadata) => {
    forget();
    addMetadata(metadata);
  };
  storage.addValidationSchema = (schema) => {
    forget();
    addSchema(schema);
  };
}
