import { CatalogError } from '../catalog.errors';
import type {
  BundleDefinition,
  Catalog,
  CertificateType,
  Field,
  FieldRule,
  HolderRule,
  Material,
  ServiceItem,
} from './catalog.types';

/** One thing wrong with the catalogue data, located by source and JSON path. */
export interface CatalogProblem {
  source: string;
  path: string;
  message: string;
}

/** The raw, untrusted content of the catalogue files, by source name (for messages). */
export interface RawCatalog {
  fields: unknown;
  certificateTypes: unknown;
  items: unknown;
  bundles: Array<{ source: string; content: unknown }>;
}

const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select', 'multiselect'];
const PII_CLASSES = ['name', 'id-number', 'phone', 'address', 'bank-account'];
const FORMATS = ['citizen-id', 'credit-code'];
const IDENTIFIER_PART = /^[0-9A-Za-z]+$/;

type Obj = Record<string, unknown>;

/** Collects problems while reading untrusted JSON. */
class Checker {
  readonly problems: CatalogProblem[] = [];

  constructor(private source: string) {}

  at(source: string): this {
    this.source = source;
    return this;
  }

  fail(path: string, message: string): void {
    this.problems.push({ source: this.source, path, message });
  }

  array(value: unknown, path: string): unknown[] {
    if (Array.isArray(value)) return value;
    this.fail(path, 'must be an array');
    return [];
  }

  object(value: unknown, path: string): Obj | undefined {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Obj;
    this.fail(path, 'must be an object');
    return undefined;
  }

  string(o: Obj, key: string, path: string, optional = false): string | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v === 'string' && v.length > 0) return v;
    this.fail(`${path}.${key}`, 'must be a non-empty string');
    return undefined;
  }

  number(o: Obj, key: string, path: string, optional = false): number | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    this.fail(`${path}.${key}`, 'must be a number');
    return undefined;
  }

  boolean(o: Obj, key: string, path: string, optional = false): boolean | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v === 'boolean') return v;
    this.fail(`${path}.${key}`, 'must be true or false');
    return undefined;
  }

  oneOf<T extends string>(o: Obj, key: string, allowed: string[], path: string, optional = false): T | undefined {
    const v = this.string(o, key, path, optional);
    if (v === undefined) return undefined;
    if (allowed.includes(v)) return v as T;
    this.fail(`${path}.${key}`, `must be one of ${allowed.join(', ')}`);
    return undefined;
  }

  strings(o: Obj, key: string, path: string, optional = false): string[] | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0)) return v as string[];
    this.fail(`${path}.${key}`, 'must be an array of non-empty strings');
    return undefined;
  }

  unique(keys: string[], what: string, path: string): void {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) this.fail(path, `duplicate ${what} "${k}"`);
      seen.add(k);
    }
  }
}

function readRule(c: Checker, o: Obj, path: string): FieldRule {
  const rule: FieldRule = {};
  const required = c.boolean(o, 'required', path, true);
  if (required !== undefined) rule.required = required;
  const pattern = c.string(o, 'pattern', path, true);
  if (pattern !== undefined) {
    try {
      new RegExp(pattern, 'u');
      rule.pattern = pattern;
    } catch {
      c.fail(`${path}.pattern`, 'is not a valid regular expression');
    }
  }
  const min = c.number(o, 'min', path, true);
  if (min !== undefined) rule.min = min;
  const max = c.number(o, 'max', path, true);
  if (max !== undefined) rule.max = max;
  const options = c.strings(o, 'options', path, true);
  if (options !== undefined) rule.options = options;
  return rule;
}

function readField(c: Checker, raw: unknown, path: string): Field | undefined {
  const o = c.object(raw, path);
  if (!o) return undefined;
  const key = c.string(o, 'key', path);
  const type = c.oneOf<Field['type']>(o, 'type', FIELD_TYPES, path);
  const label = c.object(o.label, `${path}.label`);
  const zh = label && c.string(label, 'zh', `${path}.label`);
  const en = label && c.string(label, 'en', `${path}.label`);
  const format = c.oneOf<Field['format'] & string>(o, 'format', FORMATS, path, true);
  const pii = c.oneOf<Field['pii'] & string>(o, 'pii', PII_CLASSES, path, true);
  const rule = readRule(c, o, path);
  if ((type === 'select' || type === 'multiselect') && !rule.options?.length) c.fail(path, `a ${type} field needs options`);
  if (!key || !type || !zh || !en) return undefined;
  return { key, label: { zh, en }, type, ...rule, ...(format && { format }), ...(pii && { pii }) };
}

function readCertificateType(c: Checker, raw: unknown, path: string): CertificateType | undefined {
  const o = c.object(raw, path);
  if (!o) return undefined;
  const type = c.string(o, 'type', path);
  const code = c.string(o, 'code', path);
  const issuerCode = c.string(o, 'issuerCode', path);
  for (const [k, v] of [['code', code], ['issuerCode', issuerCode]] as const) {
    if (v && !IDENTIFIER_PART.test(v)) c.fail(`${path}.${k}`, 'must be alphanumeric (it is a part of certificate identifiers)');
  }
  const name = c.string(o, 'name', path);
  const issuer = c.string(o, 'issuer', path);
  const holderCodeType = c.oneOf<CertificateType['holderCodeType']>(o, 'holderCodeType', ['111', '001'], path);
  const fields = c.array(o.fields, `${path}.fields`).map((f, i) => {
    const fp = `${path}.fields[${i}]`;
    const fo = c.object(f, fp);
    if (!fo) return undefined;
    const key = c.string(fo, 'key', fp);
    const formField = c.string(fo, 'formField', fp, true);
    const pii = c.oneOf<Field['pii'] & string>(fo, 'pii', PII_CLASSES, fp, true);
    return key ? { key, ...(formField && { formField }), ...(pii && { pii }) } : undefined;
  });
  if (!type || !code || !name || !issuer || !issuerCode || !holderCodeType || fields.includes(undefined)) return undefined;
  return { type, code, name, issuer, issuerCode, holderCodeType, fields: fields as CertificateType['fields'] };
}

function readMaterial(c: Checker, raw: unknown, path: string): Material | undefined {
  const o = c.object(raw, path);
  if (!o) return undefined;
  const name = c.string(o, 'name', path);
  const key = c.boolean(o, 'key', path);
  const satisfiedBy = c.string(o, 'satisfiedBy', path, true);
  const holderField = c.string(o, 'holderField', path, true);
  if (!name || key === undefined) return undefined;
  return { name, key, ...(satisfiedBy && { satisfiedBy }), ...(holderField && { holderField }) };
}

function readItem(c: Checker, raw: unknown, path: string): ServiceItem | undefined {
  const o = c.object(raw, path);
  if (!o) return undefined;
  const code = c.string(o, 'code', path);
  const name = c.string(o, 'name', path);
  const type = c.string(o, 'type', path);
  const department = c.string(o, 'department', path);
  const legalDays = c.number(o, 'legalDays', path);
  const promisedDays = c.number(o, 'promisedDays', path);
  for (const [k, v] of [['legalDays', legalDays], ['promisedDays', promisedDays]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) c.fail(`${path}.${k}`, 'must be a whole number of days (of hours for an hour unit)');
  }
  if (legalDays !== undefined && promisedDays !== undefined && promisedDays > legalDays) {
    c.fail(`${path}.promisedDays`, 'may not exceed the legal time limit');
  }
  const dayUnit = c.oneOf<ServiceItem['dayUnit']>(o, 'dayUnit', ['working', 'calendar', 'working-hours', 'hours'], path);
  const fields = c.strings(o, 'fields', path);
  if (fields) c.unique(fields, 'field', `${path}.fields`);
  let fieldRules: Record<string, FieldRule> | undefined;
  if (o.fieldRules !== undefined) {
    const rules = c.object(o.fieldRules, `${path}.fieldRules`) ?? {};
    fieldRules = {};
    for (const [key, r] of Object.entries(rules)) {
      const ro = c.object(r, `${path}.fieldRules.${key}`);
      if (ro) fieldRules[key] = readRule(c, ro, `${path}.fieldRules.${key}`);
    }
  }
  const materials = c.array(o.materials, `${path}.materials`).map((m, i) => readMaterial(c, m, `${path}.materials[${i}]`));
  c.unique(materials.flatMap((m) => (m ? [m.name] : [])), 'material', `${path}.materials`);
  const result = c.string(o, 'result', path, true);
  const holder = o.holder === undefined ? undefined : readHolderRule(c, o.holder, `${path}.holder`);
  if (o.holder !== undefined && !holder) return undefined;
  const autoApproval = o.autoApproval === undefined ? undefined : readAutoApproval(c, o.autoApproval, `${path}.autoApproval`);
  if (o.autoApproval !== undefined && !autoApproval) return undefined;
  const conditionalCertificate = c.boolean(o, 'conditionalCertificate', path, true);
  if (conditionalCertificate && !result) c.fail(`${path}.conditionalCertificate`, 'needs a result certificate to issue');
  if (!code || !name || !type || !department || legalDays === undefined || promisedDays === undefined || !dayUnit || !fields) return undefined;
  if (materials.includes(undefined)) return undefined;
  return {
    code, name, type, department, legalDays, promisedDays, dayUnit, fields,
    ...(fieldRules && { fieldRules }),
    materials: materials as Material[],
    ...(result && { result }),
    ...(holder && { holder }),
    ...(autoApproval && { autoApproval }),
    ...(conditionalCertificate && { conditionalCertificate }),
  };
}

/** `autoApproval: {decisionId}`: the id of a DMN decision (an XML name). */
function readAutoApproval(c: Checker, raw: unknown, path: string): ServiceItem['autoApproval'] {
  const o = c.object(raw, path);
  if (!o) return undefined;
  const decisionId = c.string(o, 'decisionId', path);
  if (!decisionId) return undefined;
  if (!/^[A-Za-z_][\w.-]*$/.test(decisionId)) {
    c.fail(`${path}.decisionId`, 'must be a DMN decision id (a letter or _, then letters, digits, _, - or .)');
    return undefined;
  }
  return { decisionId };
}

function readHolderRule(c: Checker, raw: unknown, path: string): HolderRule | undefined {
  const o = c.object(raw, path);
  if (!o) return undefined;
  const nameField = c.string(o, 'nameField', path);
  const idField = c.string(o, 'idField', path);
  const idType = c.oneOf<HolderRule['idType']>(o, 'idType', ['111', '001'], path);
  if (!nameField || !idField || !idType) return undefined;
  return { nameField, idField, idType };
}

function readBundle(c: Checker, raw: unknown, path: string): BundleDefinition | undefined {
  const o = c.object(raw, path);
  if (!o) return undefined;
  const code = c.string(o, 'code', path);
  const name = c.string(o, 'name', path);
  const items = c.strings(o, 'items', path);
  let dependsOn: BundleDefinition['dependsOn'];
  if (o.dependsOn !== undefined) {
    dependsOn = [];
    c.array(o.dependsOn, `${path}.dependsOn`).forEach((d, i) => {
      const dp = `${path}.dependsOn[${i}]`;
      const dobj = c.object(d, dp);
      const item = dobj && c.string(dobj, 'item', dp);
      const on = dobj && c.string(dobj, 'on', dp);
      if (item && on) dependsOn!.push({ item, on });
    });
  }
  if (!code || !name || !items) return undefined;
  return { code, name, items, ...(dependsOn && { dependsOn }) };
}

/** Checks that every code the records mention exists in the catalogue. */
function checkReferences(c: Checker, catalog: Catalog): void {
  const fields = new Set(catalog.fields.map((f) => f.key));
  const types = new Set(catalog.certificateTypes.map((t) => t.type));
  const items = new Set(catalog.items.map((i) => i.code));
  c.at('certificate-types.json');
  catalog.certificateTypes.forEach((t) => t.fields.forEach((f) => {
    if (f.formField && !fields.has(f.formField)) c.fail(`${t.type}.fields.${f.key}`, `unknown form field "${f.formField}"`);
  }));
  c.at('items.json');
  for (const item of catalog.items) {
    for (const key of item.fields) if (!fields.has(key)) c.fail(`${item.code}.fields`, `unknown field "${key}"`);
    for (const key of Object.keys(item.fieldRules ?? {})) {
      if (!item.fields.includes(key)) c.fail(`${item.code}.fieldRules`, `rule for "${key}", which the item does not ask for`);
    }
    for (const m of item.materials) {
      if (m.satisfiedBy && !types.has(m.satisfiedBy)) c.fail(`${item.code}.materials.${m.name}`, `unknown certificate type "${m.satisfiedBy}"`);
      if (m.holderField && !item.fields.includes(m.holderField)) c.fail(`${item.code}.materials.${m.name}`, `holder field "${m.holderField}" is not one of the item's fields`);
    }
    if (item.result && !types.has(item.result)) c.fail(`${item.code}.result`, `unknown certificate type "${item.result}"`);
    if (item.holder) checkHolderRule(c, item, catalog);
  }
  for (const b of catalog.bundles) {
    c.at(`bundles/${b.code}.json`);
    for (const code of b.items) if (!items.has(code)) c.fail('items', `unknown service item "${code}"`);
    for (const d of b.dependsOn ?? []) {
      if (!b.items.includes(d.item) || !b.items.includes(d.on)) c.fail('dependsOn', `"${d.item}" on "${d.on}": both must be items of the bundle`);
    }
  }
}

/** An item's holder rule names fields the item asks for, of the right kind, and the certificate type's holder code type. */
function checkHolderRule(c: Checker, item: ServiceItem, catalog: Catalog): void {
  const rule = item.holder!;
  const path = `${item.code}.holder`;
  if (!item.result) c.fail(path, 'the item issues no certificate (no result) to give a holder');
  for (const key of ['nameField', 'idField'] as const) {
    const field = rule[key];
    if (!catalog.fields.some((f) => f.key === field)) c.fail(`${path}.${key}`, `unknown field "${field}"`);
    else if (!item.fields.includes(field)) c.fail(`${path}.${key}`, `field "${field}" is not one of the item's fields`);
  }
  const type = catalog.certificateTypes.find((t) => t.type === item.result);
  if (type && type.holderCodeType !== rule.idType) c.fail(`${path}.idType`, `${type.type} is held by code type ${type.holderCodeType}, not ${rule.idType}`);
}

/**
 * Validates raw catalogue data and returns it typed. Throws `CATALOG_INVALID` listing every
 * problem (shape, duplicates, dangling references) at once.
 */
export function parseCatalog(raw: RawCatalog): Catalog {
  const c = new Checker('fields.json');
  const fields = c.array(raw.fields, '$').map((f, i) => readField(c, f, `$[${i}]`));
  c.at('certificate-types.json');
  const certificateTypes = c.array(raw.certificateTypes, '$').map((t, i) => readCertificateType(c, t, `$[${i}]`));
  c.at('items.json');
  const items = c.array(raw.items, '$').map((t, i) => readItem(c, t, `$[${i}]`));
  const bundles = raw.bundles.map((b) => readBundle(c.at(b.source), b.content, '$'));
  const catalog: Catalog = {
    fields: fields.filter((f): f is Field => !!f),
    certificateTypes: certificateTypes.filter((t): t is CertificateType => !!t),
    items: items.filter((i): i is ServiceItem => !!i),
    bundles: bundles.filter((b): b is BundleDefinition => !!b),
  };
  c.at('fields.json').unique(catalog.fields.map((f) => f.key), 'field key', '$');
  c.at('certificate-types.json').unique(catalog.certificateTypes.map((t) => t.type), 'certificate type', '$');
  c.unique(catalog.certificateTypes.map((t) => t.code), 'certificate type code', '$');
  c.at('items.json').unique(catalog.items.map((i) => i.code), 'item code', '$');
  c.at('bundles').unique(catalog.bundles.map((b) => b.code), 'bundle code', '$');
  checkReferences(c, catalog);
  if (c.problems.length > 0) {
    throw new CatalogError('CATALOG_INVALID', `The catalogue has ${c.problems.length} problem(s): ${c.problems.map((p) => `${p.source} ${p.path}: ${p.message}`).join('; ')}`, { problems: c.problems });
  }
  return catalog;
}
