/**
 * The selective JSON field extractor (see `../jsonFields.ts` for what it guarantees): one pass over
 * a line that validates it like `JSON.parse` and notes where the selected values sit, then each
 * value decoded only when asked for.
 */
import * as bytes from "./bytes";
import * as grammar from "./grammar";
import * as trie from "./paths";
import type { JsonPath, PathNode } from "./paths";

// read once into module constants: the CommonJS the CLI runs reads an imported binding
// through a getter on every use, which the scanning loops cannot afford
const { ABSENT, buildPathTrie, lookupKey, resolveJsonPath } = trie;
const { JsonSkipper, skipScalar } = grammar;
const {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  decodeLatin1,
  decodeUtf8,
  bytesEqual,
  MINUS,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  WHITESPACE,
  ZERO,
} = bytes;

/** What a line turned out to be. */
export const JsonLine = {
  /** Empty or only whitespace. */
  Blank: 0,
  /** Not valid JSON, or valid JSON that is not an object. */
  NotObject: 1,
  /** A JSON object: the selected values can be read. */
  Object: 2,
} as const;
/** A value of {@link JsonLine}. */
export type JsonLine = (typeof JsonLine)[keyof typeof JsonLine];

/** What a selected path holds in the last line scanned. */
export const JsonKind = {
  /** The path does not resolve (a step is missing, or not an object/array where one is needed). */
  Absent: 0,
  /** A string without escapes: its bytes are its UTF-8 text. */
  PlainString: 1,
  /** A string with at least one escape sequence. */
  EscapedString: 2,
  Number: 3,
  True: 4,
  False: 5,
  Null: 6,
  Object: 7,
  Array: 8,
} as const;
/** A value of {@link JsonKind}. */
export type JsonKind = (typeof JsonKind)[keyof typeof JsonKind];

/**
 * Reads the values at a fixed set of paths from JSON lines. Not reentrant: the values belong to the
 * last `scan…` call, and a Buffer passed to {@link scanBytes} must not change until they are read.
 */
export class JsonFieldExtractor {
  /** The paths, in slot order. */
  readonly paths: readonly JsonPath[];
  private readonly root: PathNode;
  private readonly slotCount: number;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** A path key that bytes cannot compare (surrogates, U+FFFD): strings are then parsed whole. */
  private readonly stringNeedsParse: boolean;
  private readonly skip = new JsonSkipper();
  private scratch = Buffer.allocUnsafe(4096);
  /** The bytes the spans point into. */
  private bytes: Uint8Array = this.scratch;
  /** Set by a string scan whose values must come from JSON.parse (see scanString). */
  private parsed: { root: unknown } | undefined;
  private text: string | undefined;

  constructor(paths: readonly JsonPath[]) {
    this.paths = paths.map((p) => [...p]);
    this.slotCount = paths.length;
    this.kinds = new Uint8Array(paths.length);
    this.starts = new Int32Array(paths.length);
    this.ends = new Int32Array(paths.length);
    const { root, stringNeedsParse } = buildPathTrie(paths);
    this.root = root;
    this.stringNeedsParse = stringNeedsParse;
  }

  /**
   * Scans the line `b[start..end)` (it must not contain a line feed that separates records: the
   * caller splits lines). `b[end]`, when it exists, is briefly overwritten and restored.
   */
  scanBytes(b: Uint8Array, start: number, end: number): JsonLine {
    this.parsed = undefined;
    this.text = undefined;
    if (end >= b.length) {
      const n = end - start;
      if (this.scratch.length <= n)
        this.scratch = Buffer.allocUnsafe(Math.max(n + 1, this.scratch.length * 2));
      this.scratch.set(b.subarray(start, end), 0);
      this.scratch[n] = 0;
      this.bytes = this.scratch;
      return this.scan(this.scratch, 0, n);
    }
    const saved = b[end];
    b[end] = 0;
    this.bytes = b;
    try {
      return this.scan(b, start, end);
    } finally {
      b[end] = saved;
    }
  }

  /** Scans one event given as a string (it may span several lines). */
  scanString(s: string): JsonLine {
    this.parsed = undefined;
    this.text = s;
    const need = s.length * 3 + 1;
    if (this.scratch.length < need)
      this.scratch = Buffer.allocUnsafe(Math.max(need, this.scratch.length * 2));
    const n = this.scratch.write(s, 0, "utf8");
    this.scratch[n] = 0;
    this.bytes = this.scratch;
    const verdict = this.scan(this.scratch, 0, n);
    // a key no byte comparison can decide: read the parsed object instead (rare by construction)
    if (verdict === JsonLine.Object && this.stringNeedsParse) this.parsed = { root: JSON.parse(s) };
    return verdict;
  }

  /** How the value of `slot` was written in the last line (Absent when it does not resolve). */
  kind(slot: number): JsonKind {
    if (this.parsed) {
      const v = resolveJsonPath(this.parsed.root, this.paths[slot]);
      if (v === ABSENT) return JsonKind.Absent;
      if (v === null) return JsonKind.Null;
      if (v === true) return JsonKind.True;
      if (v === false) return JsonKind.False;
      if (typeof v === "number") return JsonKind.Number;
      if (typeof v === "string") return JsonKind.EscapedString;
      return Array.isArray(v) ? JsonKind.Array : JsonKind.Object;
    }
    return this.kinds[slot] as JsonKind;
  }

  /** The value of `slot` as JSON.parse gives it (objects and arrays parsed on demand), or ABSENT. */
  value(slot: number): unknown {
    if (this.parsed) return resolveJsonPath(this.parsed.root, this.paths[slot]);
    const b = this.bytes;
    const start = this.starts[slot];
    const end = this.ends[slot];
    switch (this.kinds[slot]) {
      case JsonKind.Absent:
        return ABSENT;
      case JsonKind.PlainString: {
        const s = decodeUtf8(b, start + 1, end - 1);
        // a lone surrogate of the original string became U+FFFD on its way to UTF-8
        return this.text !== undefined && s.includes("\ufffd") ? this.reparse(slot) : s;
      }
      case JsonKind.EscapedString: {
        const s = JSON.parse(decodeUtf8(b, start, end)) as string;
        return this.text !== undefined && s.includes("\ufffd") ? this.reparse(slot) : s;
      }
      case JsonKind.Number:
        return this.number(b, start, end);
      case JsonKind.True:
        return true;
      case JsonKind.False:
        return false;
      case JsonKind.Null:
        return null;
      default:
        if (this.text !== undefined) return this.reparse(slot);
        return JSON.parse(decodeUtf8(b, start, end));
    }
  }

  /**
   * A string, number or boolean at `slot`, or undefined (absent, null, object, array): what filter
   * comparisons and extracted fields look at, without ever parsing an object.
   */
  scalar(slot: number): string | number | boolean | undefined {
    const k = this.kind(slot);
    if (k === JsonKind.Absent || k === JsonKind.Null || k === JsonKind.Object || k === JsonKind.Array)
      return undefined;
    return this.value(slot) as string | number | boolean;
  }

  /** Whether `slot` holds exactly the string `expected` (bytes compared when that is exact). */
  stringEquals(slot: number, expected: string, expectedBytes?: Uint8Array): boolean {
    const k = this.kind(slot);
    if (k === JsonKind.PlainString && expectedBytes !== undefined && !this.parsed)
      return bytesEqual(this.bytes, this.starts[slot] + 1, this.ends[slot] - 1, expectedBytes);
    if (k !== JsonKind.PlainString && k !== JsonKind.EscapedString) return false;
    return this.value(slot) === expected;
  }

  /**
   * The bytes the last scan read (a caller's Buffer or the extractor's scratch copy): with
   * {@link valueStart} and {@link valueEnd}, a value's raw text without allocating.
   */
  get scannedBytes(): Uint8Array {
    return this.bytes;
  }

  /** Offset in {@link scannedBytes} where the raw text of `slot` starts (its quote for a string). */
  valueStart(slot: number): number {
    return this.starts[slot];
  }

  /** Offset in {@link scannedBytes} just past the raw text of `slot`. */
  valueEnd(slot: number): number {
    return this.ends[slot];
  }

  /** The raw text span of `slot` in the scanned bytes (for callers that copy values verbatim). */
  span(slot: number): { bytes: Uint8Array; start: number; end: number } | undefined {
    if (this.parsed || this.kinds[slot] === JsonKind.Absent) return undefined;
    return { bytes: this.bytes, start: this.starts[slot], end: this.ends[slot] };
  }

  private reparse(slot: number): unknown {
    this.parsed = { root: JSON.parse(this.text as string) };
    return resolveJsonPath(this.parsed.root, this.paths[slot]);
  }

  private number(b: Uint8Array, start: number, end: number): number {
    // the common case: a short integer, read without making a string
    let i = start;
    let neg = false;
    if (b[i] === MINUS) {
      neg = true;
      i++;
    }
    if (end - i <= 15) {
      let n = 0;
      for (; i < end; i++) {
        const d = b[i] - ZERO;
        if (d < 0 || d > 9) return Number(decodeLatin1(b, start, end));
        n = n * 10 + d;
      }
      return neg ? -n : n; // -0 stays -0, as JSON.parse gives it
    }
    return Number(decodeLatin1(b, start, end));
  }

  private scan(b: Uint8Array, start: number, end: number): JsonLine {
    const kinds = this.kinds;
    for (let k = 0; k < this.slotCount; k++) kinds[k] = JsonKind.Absent;
    let i = start;
    while (WHITESPACE[b[i]] === 1) i++;
    if (i === end) return JsonLine.Blank;
    if (b[i] !== OPEN_BRACE) return JsonLine.NotObject;
    i = this.scanObject(b, i, this.root);
    if (i < 0) return JsonLine.NotObject;
    while (WHITESPACE[b[i]] === 1) i++;
    return i === end ? JsonLine.Object : JsonLine.NotObject;
  }

  /** `b[i]` is `{` and `node` has keys to look for: returns the index past the object, or -1. */
  private scanObject(b: Uint8Array, i: number, node: PathNode): number {
    i++;
    while (WHITESPACE[b[i]] === 1) i++;
    if (b[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) return -1;
      const keyStart = i + 1;
      i = this.skip.skipString(b, keyStart);
      if (i < 0) return -1;
      const child = lookupKey(node, b, keyStart, i - 1, this.skip.lastStringEscaped);
      while (WHITESPACE[b[i]] === 1) i++;
      if (b[i] !== COLON) return -1;
      i++;
      while (WHITESPACE[b[i]] === 1) i++;
      i = child === undefined ? this.skip.skipValue(b, i) : this.scanSelected(b, i, child);
      if (i < 0) return -1;
      while (WHITESPACE[b[i]] === 1) i++;
      const c = b[i];
      if (c === COMMA) {
        i++;
        while (WHITESPACE[b[i]] === 1) i++;
        continue;
      }
      return c === CLOSE_BRACE ? i + 1 : -1;
    }
  }

  /** `b[i]` is `[` and `node` has indexes to look for. */
  private scanArray(b: Uint8Array, i: number, node: PathNode): number {
    const indexes = node.indexes as Map<number, PathNode>;
    i++;
    while (WHITESPACE[b[i]] === 1) i++;
    if (b[i] === CLOSE_BRACKET) return i + 1;
    for (let index = 0; ; index++) {
      const child = indexes.get(index);
      i = child === undefined ? this.skip.skipValue(b, i) : this.scanSelected(b, i, child);
      if (i < 0) return -1;
      while (WHITESPACE[b[i]] === 1) i++;
      const c = b[i];
      if (c === COMMA) {
        i++;
        while (WHITESPACE[b[i]] === 1) i++;
        continue;
      }
      return c === CLOSE_BRACKET ? i + 1 : -1;
    }
  }

  /** The value at `b[i]` is selected (or leads to selected values). */
  private scanSelected(b: Uint8Array, i: number, node: PathNode): number {
    const kinds = this.kinds;
    // a repeated key: what the earlier occurrence held no longer counts
    for (const s of node.slotsBelow) kinds[s] = JsonKind.Absent;
    const start = i;
    const c = b[i];
    let kind: JsonKind;
    if (c === OPEN_BRACE) {
      i = node.keys.length > 0 ? this.scanObject(b, i, node) : this.skip.skipContainer(b, i);
      kind = JsonKind.Object;
    } else if (c === OPEN_BRACKET) {
      i = node.indexes !== undefined ? this.scanArray(b, i, node) : this.skip.skipContainer(b, i);
      kind = JsonKind.Array;
    } else if (c === QUOTE) {
      i = this.skip.skipString(b, i + 1);
      kind = this.skip.lastStringEscaped ? JsonKind.EscapedString : JsonKind.PlainString;
    } else {
      i = skipScalar(b, i);
      kind =
        c === 0x74
          ? JsonKind.True
          : c === 0x66
            ? JsonKind.False
            : c === 0x6e
              ? JsonKind.Null
              : JsonKind.Number;
    }
    if (i < 0) return -1;
    if (node.slot >= 0) {
      kinds[node.slot] = kind;
      this.starts[node.slot] = start;
      this.ends[node.slot] = i;
    }
    return i;
  }
}
