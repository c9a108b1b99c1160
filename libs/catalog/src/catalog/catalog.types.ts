/**
 * The catalogue: the shared field dictionary, certificate types, service items (事项) and bundle
 * definitions (一件事). These are also the shapes the REST API reads and returns.
 */

export type FieldType = 'text' | 'number' | 'date' | 'boolean' | 'select' | 'multiselect';

/** Personal-data class of a field; drives masking in per-step views. */
export type PiiClass = 'name' | 'id-number' | 'phone' | 'address' | 'bank-account';

/** A checked code format beyond the pattern: GB 11643 citizen ID, GB 32100 unified social credit code. */
export type FieldFormat = 'citizen-id' | 'credit-code';

export interface LocalizedText {
  zh: string;
  en: string;
}

/** The validation rules of a field; an item may tighten them for itself (`ServiceItem.fieldRules`). */
export interface FieldRule {
  required?: boolean;
  pattern?: string;
  min?: number;
  max?: number;
  options?: string[];
}

/** An entry of the data dictionary (表单要素). */
export interface Field extends FieldRule {
  key: string;
  label: LocalizedText;
  type: FieldType;
  format?: FieldFormat;
  pii?: PiiClass;
}

/** Working or natural days, or (秒办/即办) working hours inside the daily window or wall-clock hours: `legalDays` and `promisedDays` then count hours. */
export type DayUnit = 'working' | 'calendar' | 'working-hours' | 'hours';

/** A document an item requires (申请材料). */
export interface Material {
  name: string;
  /** Key materials cannot be deferred (容缺 applies to non-key materials only). */
  key: boolean;
  /** The certificate type that satisfies this material instead of an upload (免提交). */
  satisfiedBy?: string;
  /**
   * The form field holding the certificate holder's code when it is not the applicant
   * (e.g. the mother's ID card is checked against `mother.idNumber`).
   */
  holderField?: string;
}

/** A catalogued government service (事项). */
export interface ServiceItem {
  code: string;
  name: string;
  /** 行政许可, 行政确认, 公共服务, … */
  type: string;
  /** The department code that approves it; also its task queue. */
  department: string;
  legalDays: number;
  promisedDays: number;
  dayUnit: DayUnit;
  /** Field keys of the dictionary the item asks for. */
  fields: string[];
  /** Per-item tightening of dictionary rules, by field key. */
  fieldRules?: Record<string, FieldRule>;
  materials: Material[];
  /** The certificate type the item issues on approval. */
  result?: string;
  /** Who the result certificate is issued to; the applicant when absent. */
  holder?: HolderRule;
  /**
   * 秒办: the DMN decision deciding the item by rule. When it returns `approved: true` (with `reasons`)
   * the approval step is skipped and attributed to `system:auto-approval`; otherwise a clerk decides.
   */
  autoApproval?: { decisionId: string };
  /**
   * 容缺: whether the result certificate may be issued while deferred materials are still out,
   * flagged `conditional`; otherwise it is issued once they are all handed in.
   */
  conditionalCertificate?: boolean;
}

/**
 * Where an item's result certificate takes its holder from: two form fields of the item (the
 * holder's name and identifier, e.g. the baby's `baby.name` and `baby.idNumber`) and the kind of
 * identifier, which must be the certificate type's holder code type.
 */
export interface HolderRule {
  nameField: string;
  idField: string;
  idType: HolderCodeType;
}

/** The holder code type of a certificate: 111 citizen ID number, 001 unified social credit code. */
export type HolderCodeType = '111' | '001';

/** A data field of a certificate type, and the form field it is filled from on issue. */
export interface CertificateField {
  key: string;
  formField?: string;
  pii?: PiiClass;
}

/** A kind of e-certificate (电子证照). */
export interface CertificateType {
  type: string;
  /** The type code used in GB/T 36904-style identifiers (alphanumeric, no dots). */
  code: string;
  name: string;
  issuer: string;
  /** The issuing organisation's code used in identifiers (alphanumeric, no dots). */
  issuerCode: string;
  holderCodeType: HolderCodeType;
  fields: CertificateField[];
}

/** An explicit ordering between two items of a bundle: `item` starts after `on` is done. */
export interface BundleDependency {
  item: string;
  on: string;
}

/** A bundle as designed (一件事): what `POST /api/v1/bundles` accepts. */
export interface BundleDefinition {
  code: string;
  name: string;
  items: string[];
  dependsOn?: BundleDependency[];
}

export interface Catalog {
  fields: Field[];
  certificateTypes: CertificateType[];
  items: ServiceItem[];
  bundles: BundleDefinition[];
}
