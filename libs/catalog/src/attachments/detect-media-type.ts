/** The media types an attachment may have, recognised by their first bytes (never by name or header). */
export const ALLOWED_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'application/ofd'] as const;

export type AllowedMediaType = (typeof ALLOWED_MEDIA_TYPES)[number];

/** What the first bytes of a file say it is; `application/octet-stream` when nothing matches. */
export interface DetectedMediaType {
  mediaType: string;
  allowed: boolean;
}

const SIGNATURES: Array<{ mediaType: string; bytes: number[]; allowed: boolean }> = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], allowed: true },
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], allowed: true },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff], allowed: true },
  { mediaType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38], allowed: false },
  { mediaType: 'image/bmp', bytes: [0x42, 0x4d], allowed: false },
  { mediaType: 'application/x-msdownload', bytes: [0x4d, 0x5a], allowed: false },
  { mediaType: 'application/x-executable', bytes: [0x7f, 0x45, 0x4c, 0x46], allowed: false },
  { mediaType: 'application/x-ole-storage', bytes: [0xd0, 0xcf, 0x11, 0xe0], allowed: false },
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];

function startsWith(content: Uint8Array, bytes: number[], at = 0): boolean {
  return content.length >= at + bytes.length && bytes.every((b, i) => content[at + i] === b);
}

/**
 * An OFD document (GB/T 33190, the format of Chinese e-certificates and e-invoices) is a ZIP whose
 * root holds `OFD.xml`; any other ZIP (Office documents, archives) is refused.
 */
function isOfd(content: Uint8Array): boolean {
  const head = Buffer.from(content.subarray(0, Math.min(content.length, 64 * 1024))).toString('latin1');
  return head.includes('OFD.xml');
}

/** Recognises a file by its magic bytes. */
export function detectMediaType(content: Uint8Array): DetectedMediaType {
  if (startsWith(content, ZIP)) return isOfd(content) ? { mediaType: 'application/ofd', allowed: true } : { mediaType: 'application/zip', allowed: false };
  const match = SIGNATURES.find((s) => startsWith(content, s.bytes));
  if (match) return { mediaType: match.mediaType, allowed: match.allowed };
  const text = Buffer.from(content.subarray(0, 512)).toString('utf8');
  if (/^\s*</.test(text)) return { mediaType: /<svg[\s>]/i.test(text) ? 'image/svg+xml' : 'text/xml', allowed: false };
  return { mediaType: content.length > 0 && /^[\x09\x0a\x0d\x20-\x7e]*$/.test(Buffer.from(content.subarray(0, 512)).toString('latin1')) ? 'text/plain' : 'application/octet-stream', allowed: false };
}
