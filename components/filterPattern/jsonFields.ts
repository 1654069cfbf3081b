/**
 * A selective JSON field extractor: compiled once for a set of paths (`$.a.b`, `$.a[0].b`), it
 * reads one line — a string, or a byte range of a Buffer — and returns only the values at those
 * paths, without building the object.
 *
 * `JSON.parse` on every event costs most of a scan (it allocates every key, string and object).
 * This extractor validates the whole line against the JSON grammar byte by byte (RFC 8259, exactly
 * what `JSON.parse` accepts: a malformed or truncated line anywhere is "not JSON", as JSON.parse
 * would throw), and while doing so notes where the selected values sit. A value is decoded only when
 * asked for, with JSON.parse's semantics: escapes and `\u` surrogates (a string with an escape is
 * decoded by JSON.parse itself), duplicate keys (the last one wins, including for everything under
 * it), numbers (`-0`, exponents, big integers, `1E400` = Infinity), nested objects and arrays (a
 * selected object or array is handed to JSON.parse: the one place a full parse is needed), invalid
 * UTF-8 decoded to U+FFFD as `Buffer#toString` does. `test/components/filterPattern/jsonFields.test.ts`
 * pins this to JSON.parse on generated, mutated and real lines.
 *
 * The byte at `end` is used as a sentinel during a scan (set to 0 and restored; copied when `end`
 * is the end of the buffer), so every inner loop runs without bounds checks: a NUL byte is neither
 * whitespace, nor a digit, nor allowed raw in a string, so any scan that reaches it stops.
 */

export { ABSENT, resolveJsonPath, type JsonPath, type JsonPathStep } from "./json/paths";
export { comparableBytes, decodeUtf8 } from "./json/bytes";
export { JsonFieldExtractor, JsonKind, JsonLine } from "./json/extractor";
