/**
 * The bytes of JSON text: the character codes the scanner compares with, lookup tables of byte
 * classes (built once), byte comparison, and UTF-8 / Latin-1 decoding of a byte range (invalid
 * UTF-8 becomes U+FFFD, as `Buffer#toString` and `JSON.parse` of a decoded line give it).
 */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const MINUS = 0x2d;
export const PLUS = 0x2b;
export const DOT = 0x2e;
export const ZERO = 0x30;

/** Bytes that end a run of plain string content: the quote, the backslash, control characters. */
export const STRING_STOP = new Uint8Array(256);
/** JSON whitespace: space, tab, line feed, carriage return. */
export const WHITESPACE = new Uint8Array(256);
export const DIGIT = new Uint8Array(256);
export const HEX = new Uint8Array(256);
/** Characters allowed after a backslash, except `u`. */
export const SIMPLE_ESCAPE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE[c] = 1;
for (let c = 0x30; c <= 0x39; c++) {
  DIGIT[c] = 1;
  HEX[c] = 1;
}
for (let c = 0x41; c <= 0x46; c++) HEX[c] = 1;
for (let c = 0x61; c <= 0x66; c++) HEX[c] = 1;
for (const ch of '"\\/bfnrt') SIMPLE_ESCAPE[ch.charCodeAt(0)] = 1;

/** The UTF-8 bytes of `s` if byte equality is the same as string equality for it, else undefined. */
export function comparableBytes(s: string): Buffer | undefined {
  // U+FFFD is what invalid UTF-8 decodes to, and lone surrogates do not survive UTF-8: compare those
  // after decoding instead.
  return /[\uD800-\uDFFF\uFFFD]/.test(s) ? undefined : Buffer.from(s, "utf8");
}

export function bytesEqual(b: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  const n = expected.length;
  if (end - start !== n) return false;
  for (let k = 0; k < n; k++) if (b[start + k] !== expected[k]) return false;
  return true;
}

/** The text of `b[start..end)` decoded as UTF-8 (invalid sequences become U+FFFD). */
export function decodeUtf8(b: Uint8Array, start: number, end: number): string {
  return Buffer.isBuffer(b)
    ? b.toString("utf8", start, end)
    : Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("utf8");
}

export function decodeLatin1(b: Uint8Array, start: number, end: number): string {
  return Buffer.isBuffer(b)
    ? b.toString("latin1", start, end)
    : Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("latin1");
}
