/**
 * Start tags (comments, CDATA sections and processing instructions are matched first and kept);
 * attribute values may hold `>`, so they are matched as quoted strings.
 */
const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)(\s*\/?>)/g;
const ATTRIBUTE = /(\s+)([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/g;

/** Attributes of XML Schema types ID, IDREF and QName, whose values the schema collapses (trims). */
const IDENTIFIER = /^(?:[\w.-]+:)?(?:id|default|bpmnElement|\w*Ref)$/;

/**
 * Writes attributes the way the XML parser reads them, keeping what the XML means: blanks around
 * `=` (`id = "x"`, valid XML) are dropped, and the leading and trailing blanks of identifiers and
 * references (`id="task1 "`, which XML Schema's whitespace collapse reads as `task1`) are trimmed,
 * so that an element and the references to it match. Text content is left as it is.
 */
export function normalizeAttributeWhitespace(xml: string): string {
  return xml.replace(MARKUP, (markup: string, tag: string | undefined, attributes: string, end: string) => {
    if (tag === undefined || attributes === '') return markup;
    return `<${tag}${attributes.replace(ATTRIBUTE, normalizeAttribute)}${end}`;
  });
}

function normalizeAttribute(_: string, blank: string, name: string, quoted: string): string {
  if (!IDENTIFIER.test(name)) return `${blank}${name}=${quoted}`;
  const quote = quoted[0];
  return `${blank}${name}=${quote}${quoted.slice(1, -1).trim()}${quote}`;
}
