/**
 * Why the catalogue refused a definition or an input. Every one of these is the caller's mistake
 * (bad catalogue data, a bad bundle composition, a bad form): retrying the same input cannot help.
 * The API maps them to 4xx; `details` is the machine-readable part of the response body.
 */
export type CatalogErrorCode =
  /** A catalogue file or record does not have the documented shape. */
  | 'CATALOG_INVALID'
  /** A bundle, item or material names a field, item or certificate type the catalogue does not have. */
  | 'CATALOG_UNKNOWN_REFERENCE'
  /** Two items of a bundle ask for the same field with rules no value can satisfy. */
  | 'FORM_CONFLICT'
  /** The items of a bundle wait for each other's certificates in a circle. */
  | 'BUNDLE_CYCLE'
  /** A bundle definition is malformed (no items, an item twice, a dependency outside the bundle). */
  | 'BUNDLE_INVALID'
  /** A certificate identifier is malformed or its check character is wrong. */
  | 'CERTIFICATE_ID_INVALID'
  /** A working-day count reaches a year whose holidays the calendar does not know. */
  | 'CALENDAR_YEAR_UNKNOWN'
  /** A calendar year's holidays or make-up working days are malformed or contradict each other. */
  | 'CALENDAR_INVALID';

export class CatalogError extends Error {
  readonly retryable = false;

  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}
