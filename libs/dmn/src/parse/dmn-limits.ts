/** Size limits of a deployed DMN document, checked before and after parsing. */
export const DMN_LIMITS = {
  /** Characters of the XML text. */
  xmlChars: 1_000_000,
  /** Rules of one decision table. */
  rules: 1_000,
  /** Cells (input and output entries) of one decision table. */
  cells: 20_000,
  /** Decisions of one document. */
  decisions: 200,
} as const;
