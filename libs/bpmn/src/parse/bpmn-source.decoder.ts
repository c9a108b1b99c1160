/**
 * Turns the uploaded bytes into the text the XML parser reads. Documents declared as
 * ISO-8859-1 / Latin-1 (common among older modelers) are decoded as such; everything else as
 * UTF-8. The declaration is rewritten to UTF-8 because the result is already decoded text.
 */
const LATIN1 = /^(iso-8859-1|latin-?1|l1|us-ascii|ascii|windows-1252|cp1252)$/i;
const DECLARATION = /^(\uFEFF)?<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/;

export function decodeBpmnSource(input: string | Buffer): string {
  let text: string;
  if (Buffer.isBuffer(input)) {
    const head = input.subarray(0, 200).toString('latin1');
    const encoding = DECLARATION.exec(head)?.[2];
    text = encoding && LATIN1.test(encoding) ? new TextDecoder('latin1').decode(input) : input.toString('utf8');
  } else {
    text = input;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(DECLARATION, (declaration) => declaration.replace(/encoding\s*=\s*["'][^"']+["']/, 'encoding="UTF-8"'));
}
