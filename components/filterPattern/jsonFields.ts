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

/** One step of a path: an object key or an array index. */
export type JsonPathStep = string | number;
/** A path from the top-level object, e.g. `["a", 0, "b"]` for `$.a[0].b`. */
export type JsonPath = readonly JsonPathStep[];

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

/** Marker returned by {@link JsonFieldExtractor.value} for a path that does not resolve. */
export const ABSENT: unique symbol = Symbol("absent");

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;

/** Bytes that end a run of plain string content: the quote, the backslash, control characters. */
const STRING_STOP = new Uint8Array(256);
/** JSON whitespace: space, tab, line feed, carriage return. */
const WHITESPACE = new Uint8Array(256);
const DIGIT = new Uint8Array(256);
const HEX = new Uint8Array(256);
/** Characters allowed after a backslash, except `u`. */
const SIMPLE_ESCAPE = new Uint8Array(256);
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

// states of the (unselective) container validator
const S_VALUE = 0;
const S_FIRST_VALUE = 1;
const S_KEY = 2;
const S_FIRST_KEY = 3;
const S_AFTER = 4;
const IN_OBJECT = 1;
const IN_ARRAY = 2;

/** A node of the path trie. */
interface PathNode {
  /** Slot of the path ending here, or -1. */
  slot: number;
  /** Every slot at or under this node (cleared when its key repeats: the last duplicate wins). */
  slotsBelow: number[];
  keys: KeyEdge[];
  indexes: Map<number, PathNode> | undefined;
}

interface KeyEdge {
  name: string;
  /** The key's UTF-8 bytes when byte equality is string equality for it. */
  bytes: Buffer | undefined;
  node: PathNode;
}

function newNode(): PathNode {
  return { slot: -1, slotsBelow: [], keys: [], indexes: undefined };
}

/** The UTF-8 bytes of `s` if byte equality is the same as string equality for it, else undefined. */
export function comparableBytes(s: string): Buffer | undefined {
  // U+FFFD is what invalid UTF-8 decodes to, and lone surrogates do not survive UTF-8: compare those
  // after decoding instead.
  return /[\uD800-\uDFFF\uFFFD]/.test(s) ? undefined : Buffer.from(s, "utf8");
}

function bytesEqual(b: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
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

function decodeLatin1(b: Uint8Array, start: number, end: number): string {
  return Buffer.isBuffer(b)
    ? b.toString("latin1", start, end)
    : Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("latin1");
}

/** Resolves a path on a parsed value like the extractor does: ABSENT where a step does not exist. */
export function resolveJsonPath(root: unknown, path: JsonPath): unknown {
  let cur: unknown = root;
  for (const step of path) {
    if (typeof step === "number") {
      if (!Array.isArray(cur) || step >= cur.length) return ABSENT;
      cur = cur[step];
    } else {
      if (typeof cur !== "object" || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, step))
        return ABSENT;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}

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
  private stack = new Uint8Array(64);
  private scratch = Buffer.allocUnsafe(4096);
  /** The bytes the spans point into. */
  private bytes: Uint8Array = this.scratch;
  /** Set by a string scan whose values must come from JSON.parse (see scanString). */
  private parsed: { root: unknown } | undefined;
  private text: string | undefined;
  private lastStringEscaped = false;

  constructor(paths: readonly JsonPath[]) {
    this.paths = paths.map((p) => [...p]);
    this.root = newNode();
    this.slotCount = paths.length;
    this.kinds = new Uint8Array(paths.length);
    this.starts = new Int32Array(paths.length);
    this.ends = new Int32Array(paths.length);
    let needsParse = false;
    paths.forEach((path, slot) => {
      if (path.length === 0) throw new RangeError("JsonFieldExtractor: a path needs at least one step");
      if (typeof path[0] !== "string") throw new RangeError("JsonFieldExtractor: a path starts with a key");
      let node = this.root;
      for (const step of path) {
        let next: PathNode | undefined;
        if (typeof step === "number") {
          if (!Number.isInteger(step) || step < 0)
            throw new RangeError(`JsonFieldExtractor: bad array index ${step}`);
          node.indexes ??= new Map();
          next = node.indexes.get(step);
          if (!next) node.indexes.set(step, (next = newNode()));
        } else {
          next = node.keys.find((e) => e.name === step)?.node;
          if (!next) {
            const bytes = comparableBytes(step);
            if (!bytes) needsParse = true;
            next = newNode();
            node.keys.push({ name: step, bytes, node: next });
          }
        }
        node = next;
      }
      if (node.slot >= 0)
        throw new RangeError(`JsonFieldExtractor: path ${JSON.stringify(path)} given twice`);
      node.slot = slot;
    });
    const collect = (node: PathNode): number[] => {
      const below = node.slot >= 0 ? [node.slot] : [];
      for (const e of node.keys) below.push(...collect(e.node));
      for (const n of node.indexes?.values() ?? []) below.push(...collect(n));
      node.slotsBelow = below;
      return below;
    };
    collect(this.root);
    this.stringNeedsParse = needsParse;
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
      i = this.skipString(b, keyStart);
      if (i < 0) return -1;
      const child = this.lookup(node, b, keyStart, i - 1, this.lastStringEscaped);
      while (WHITESPACE[b[i]] === 1) i++;
      if (b[i] !== COLON) return -1;
      i++;
      while (WHITESPACE[b[i]] === 1) i++;
      i = child === undefined ? this.skipValue(b, i) : this.scanSelected(b, i, child);
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
      i = child === undefined ? this.skipValue(b, i) : this.scanSelected(b, i, child);
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
      i = node.keys.length > 0 ? this.scanObject(b, i, node) : this.skipContainer(b, i);
      kind = JsonKind.Object;
    } else if (c === OPEN_BRACKET) {
      i = node.indexes !== undefined ? this.scanArray(b, i, node) : this.skipContainer(b, i);
      kind = JsonKind.Array;
    } else if (c === QUOTE) {
      i = this.skipString(b, i + 1);
      kind = this.lastStringEscaped ? JsonKind.EscapedString : JsonKind.PlainString;
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

  /** The child of `node` the key `b[start..end)` (without quotes) names, if any. */
  private lookup(
    node: PathNode,
    b: Uint8Array,
    start: number,
    end: number,
    escaped: boolean,
  ): PathNode | undefined {
    const keys = node.keys;
    if (keys.length === 0) return undefined;
    let decoded: string | undefined;
    for (let k = 0; k < keys.length; k++) {
      const e = keys[k];
      if (!escaped && e.bytes !== undefined) {
        if (bytesEqual(b, start, end, e.bytes)) return e.node;
        continue;
      }
      decoded ??= escaped
        ? (JSON.parse(decodeUtf8(b, start - 1, end + 1)) as string)
        : decodeUtf8(b, start, end);
      if (decoded === e.name) return e.node;
    }
    return undefined;
  }

  private skipValue(b: Uint8Array, i: number): number {
    const c = b[i];
    if (c === QUOTE) return this.skipString(b, i + 1);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.skipContainer(b, i);
    return skipScalar(b, i);
  }

  /** `i` is just past an opening quote; returns the index just past the closing quote, or -1. */
  private skipString(b: Uint8Array, i: number): number {
    this.lastStringEscaped = false;
    for (;;) {
      while (STRING_STOP[b[i]] === 0) i++;
      const c = b[i];
      if (c === QUOTE) return i + 1;
      if (c !== BACKSLASH) return -1; // a raw control character (or the sentinel)
      this.lastStringEscaped = true;
      const e = b[i + 1];
      if (SIMPLE_ESCAPE[e] === 1) {
        i += 2;
      } else if (
        e === 0x75 /* u */ &&
        HEX[b[i + 2]] === 1 &&
        HEX[b[i + 3]] === 1 &&
        HEX[b[i + 4]] === 1 &&
        HEX[b[i + 5]] === 1
      ) {
        i += 6;
      } else {
        return -1;
      }
    }
  }

  /** Validates the object or array at `b[i]` (any depth, explicit stack); index past it, or -1. */
  private skipContainer(b: Uint8Array, i: number): number {
    let stack = this.stack;
    let sp = 0;
    let state = S_VALUE;
    for (;;) {
      while (WHITESPACE[b[i]] === 1) i++;
      const c = b[i];
      if (state === S_AFTER) {
        if (sp === 0) return i;
        const top = stack[sp - 1];
        if (c === COMMA) {
          i++;
          state = top === IN_OBJECT ? S_KEY : S_VALUE;
        } else if ((top === IN_OBJECT && c === CLOSE_BRACE) || (top === IN_ARRAY && c === CLOSE_BRACKET)) {
          i++;
          sp--;
        } else {
          return -1;
        }
      } else if (state === S_KEY || state === S_FIRST_KEY) {
        if (c === CLOSE_BRACE && state === S_FIRST_KEY) {
          i++;
          sp--;
          state = S_AFTER;
          continue;
        }
        if (c !== QUOTE) return -1;
        i = this.skipString(b, i + 1);
        if (i < 0) return -1;
        while (WHITESPACE[b[i]] === 1) i++;
        if (b[i] !== COLON) return -1;
        i++;
        state = S_VALUE;
      } else if (c === CLOSE_BRACKET && state === S_FIRST_VALUE) {
        i++;
        sp--;
        state = S_AFTER;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (sp === stack.length) {
          const bigger = new Uint8Array(stack.length * 2);
          bigger.set(stack);
          this.stack = stack = bigger;
        }
        stack[sp++] = c === OPEN_BRACE ? IN_OBJECT : IN_ARRAY;
        i++;
        state = c === OPEN_BRACE ? S_FIRST_KEY : S_FIRST_VALUE;
      } else {
        i = c === QUOTE ? this.skipString(b, i + 1) : skipScalar(b, i);
        if (i < 0) return -1;
        state = S_AFTER;
      }
    }
  }
}

/** `i` is at the first byte of a number or literal; returns the index just past it, or -1. */
function skipScalar(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === MINUS || DIGIT[c] === 1) return skipNumber(b, i);
  if (c === 0x74 /* t */) return b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : -1;
  if (c === 0x66 /* f */) {
    return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : -1;
  }
  if (c === 0x6e /* n */) return b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : -1;
  return -1;
}

/** `i` is at "-" or a digit; returns the index just past the number, or -1. */
function skipNumber(b: Uint8Array, i: number): number {
  if (b[i] === MINUS) i++;
  if (b[i] === ZERO) {
    i++;
  } else if (DIGIT[b[i]] === 1) {
    i++;
    while (DIGIT[b[i]] === 1) i++;
  } else {
    return -1;
  }
  if (b[i] === DOT) {
    i++;
    if (DIGIT[b[i]] !== 1) return -1;
    while (DIGIT[b[i]] === 1) i++;
  }
  const e = b[i];
  if (e === 0x65 /* e */ || e === 0x45 /* E */) {
    i++;
    if (b[i] === PLUS || b[i] === MINUS) i++;
    if (DIGIT[b[i]] !== 1) return -1;
    while (DIGIT[b[i]] === 1) i++;
  }
  return i;
}
