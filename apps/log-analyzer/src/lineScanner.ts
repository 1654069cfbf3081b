/**
 * One JSON Lines line in, one verdict out, without building the object.
 *
 * `JSON.parse` on every line costs most of an analysis (it allocates every key, string and object).
 * This scanner validates a line against the JSON grammar byte by byte (RFC 8259, exactly what
 * `JSON.parse` accepts) and, while doing so, notes where the two members the analysis needs (the
 * level field and the group-by field) sit at the top level. Only those two values are ever decoded,
 * and only when the line is a match. The verdict is identical to
 * `JSON.parse(line)` + `obj[levelField] === levelValue` + `obj[groupBy]`, including the corner
 * cases: duplicate keys (the last one wins), escaped keys or values (`"\u006cevel"`), members of
 * nested objects with the same name (ignored), invalid UTF-8 (decoded to U+FFFD as `Buffer#toString`
 * does), any nesting depth. `test/apps/log-analyzer/lineScanner.test.ts` checks this equivalence on
 * hand-written corner cases and on random mutations of valid lines.
 *
 * Contract with the caller: the byte at `end` must be a line feed (0x0A) and no line feed may occur
 * in `[start, end)`. The sentinel lets every inner loop run without bounds checks: a line feed is
 * neither whitespace inside a line, nor a digit, nor allowed unescaped in a string, so any scan
 * that reaches it stops and fails.
 */

/** What a line turned out to be. */
export const LineVerdict = {
  /** Empty or only whitespace: neither a record nor malformed. */
  Blank: 0,
  /** Not valid JSON, or valid JSON that is not an object. */
  Malformed: 1,
  /** A JSON object whose level field is not the level value. */
  Record: 2,
  /** A JSON object whose level field equals the level value; its group is in `LineScanner.group`. */
  Match: 3,
} as const;
/** A value of {@link LineVerdict}. */
export type LineVerdict = (typeof LineVerdict)[keyof typeof LineVerdict];

/** Group label of a matching record whose group-by field is absent or `null`. */
export const MISSING_GROUP = "(missing)";

/** What the scanner looks for. */
export interface LineScannerOptions {
  /** Top-level field holding the level. */
  readonly levelField: string;
  /** Value of the level field that makes a record a match (compared exactly, case-sensitive). */
  readonly levelValue: string;
  /** Top-level field whose value groups the matches. */
  readonly groupBy: string;
}

const LF = 0x0a;
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
/** Whitespace inside a line (the line feed is the sentinel, never skipped). */
const WHITESPACE = new Uint8Array(256);
/** 0-9. */
const DIGIT = new Uint8Array(256);
/** 0-9, a-f, A-F. */
const HEX = new Uint8Array(256);
/** Characters allowed after a backslash, except `u`. */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;
for (const c of [0x20, 0x09, 0x0d]) WHITESPACE[c] = 1;
for (let c = 0x30; c <= 0x39; c++) {
  DIGIT[c] = 1;
  HEX[c] = 1;
}
for (let c = 0x41; c <= 0x46; c++) HEX[c] = 1;
for (let c = 0x61; c <= 0x66; c++) HEX[c] = 1;
for (const ch of '"\\/bfnrt') SIMPLE_ESCAPE[ch.charCodeAt(0)] = 1;

// parser states
const S_VALUE = 0;
const S_FIRST_VALUE = 1; // just after "[": a value or "]"
const S_KEY = 2;
const S_FIRST_KEY = 3; // just after "{": a key or "}"
const S_AFTER = 4; // a value just ended

// container kinds on the stack
const IN_OBJECT = 1;
const IN_ARRAY = 2;

// how a tracked top-level value was written
const ABSENT = 0;
const PLAIN_STRING = 1; // a string without escapes: its bytes are its UTF-8 text
const ESCAPED_STRING = 2;
const NOT_STRING = 3;

// which tracked field a top-level key names (bit set: a field can be both)
const TRACK_LEVEL = 1;
const TRACK_GROUP = 2;

/** The UTF-8 bytes of `s` if byte equality is the same as string equality for it, else undefined. */
function comparableBytes(s: string): Buffer | undefined {
  // U+FFFD is what invalid UTF-8 decodes to, and lone surrogates do not survive UTF-8: compare those
  // after decoding instead.
  return /[\uD800-\uDFFF\uFFFD]/.test(s) ? undefined : Buffer.from(s, "utf8");
}

function bytesEqual(b: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  const n = expected.length;
  if (end - start !== n) return false;
  for (let k = 0; k < n; k++) {
    if (b[start + k] !== expected[k]) return false;
  }
  return true;
}

function decode(b: Uint8Array, start: number, end: number): string {
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("utf8");
}

/** The label a group-by value is counted under. */
export function groupLabel(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return MISSING_GROUP;
  return JSON.stringify(value);
}

/**
 * A reusable line scanner for one (level field, level value, group-by field) triple. Not reentrant:
 * `group` belongs to the last `scan` call.
 */
export class LineScanner {
  /** The group of the last line scanned as `Match`. */
  group = MISSING_GROUP;

  private readonly levelKey: Buffer | undefined;
  private readonly groupKey: Buffer | undefined;
  private readonly levelBytes: Buffer | undefined;
  // raw key lengths that can name a tracked field (-1: none); a key of another length is skipped
  // without comparing bytes, unless it holds escapes or a field name is not byte-comparable
  private readonly levelKeyLength: number;
  private readonly groupKeyLength: number;
  private readonly keysComparable: boolean;
  private stack = new Uint8Array(64);

  constructor(private readonly options: LineScannerOptions) {
    this.levelKey = comparableBytes(options.levelField);
    this.groupKey = comparableBytes(options.groupBy);
    this.levelBytes = comparableBytes(options.levelValue);
    this.levelKeyLength = this.levelKey?.length ?? -1;
    this.groupKeyLength = this.groupKey?.length ?? -1;
    this.keysComparable = this.levelKey !== undefined && this.groupKey !== undefined;
  }

  /**
   * Scans the line `b[start..end)`; `b[end]` must be a line feed (see the module comment).
   * @returns the verdict; for `Match`, `group` holds the group label.
   */
  scan(b: Uint8Array, start: number, _end: number): LineVerdict {
    let i = start;
    while (WHITESPACE[b[i]] === 1) i++;
    if (b[i] === LF) return LineVerdict.Blank;
    if (b[i] !== OPEN_BRACE) return LineVerdict.Malformed;
    i++;
    while (WHITESPACE[b[i]] === 1) i++;

    let levelStart = 0;
    let levelEnd = 0;
    let levelKind: number = ABSENT;
    let groupStart = 0;
    let groupEnd = 0;
    let groupKind: number = ABSENT;

    // the members of the top-level object: the flat case runs here without a stack
    if (b[i] === CLOSE_BRACE) {
      i++;
    } else {
      for (;;) {
        if (b[i] !== QUOTE) return LineVerdict.Malformed;
        const keyStart = i + 1;
        i = scanString(b, keyStart);
        if (i < 0) return LineVerdict.Malformed;
        const keyLength = i - 1 - keyStart;
        const tracked =
          lastStringEscaped ||
          !this.keysComparable ||
          keyLength === this.levelKeyLength ||
          keyLength === this.groupKeyLength
            ? this.trackedBy(b, keyStart, i - 1, lastStringEscaped)
            : 0;
        while (WHITESPACE[b[i]] === 1) i++;
        if (b[i] !== COLON) return LineVerdict.Malformed;
        i++;
        while (WHITESPACE[b[i]] === 1) i++;
        const valueStart = i;
        const c = b[i];
        let kind: number = NOT_STRING;
        if (c === QUOTE) {
          i = scanString(b, i + 1);
          kind = lastStringEscaped ? ESCAPED_STRING : PLAIN_STRING;
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          i = this.scanContainer(b, i);
        } else {
          i = scanScalar(b, i);
        }
        if (i < 0) return LineVerdict.Malformed;
        if (tracked !== 0) {
          if ((tracked & TRACK_LEVEL) !== 0) {
            levelStart = valueStart;
            levelEnd = i;
            levelKind = kind;
          }
          if ((tracked & TRACK_GROUP) !== 0) {
            groupStart = valueStart;
            groupEnd = i;
            groupKind = kind;
          }
        }
        while (WHITESPACE[b[i]] === 1) i++;
        const next = b[i];
        if (next === COMMA) {
          i++;
          while (WHITESPACE[b[i]] === 1) i++;
          continue;
        }
        if (next !== CLOSE_BRACE) return LineVerdict.Malformed;
        i++;
        break;
      }
    }
    while (WHITESPACE[b[i]] === 1) i++;
    if (b[i] !== LF) return LineVerdict.Malformed;

    if (!this.levelMatches(b, levelStart, levelEnd, levelKind)) return LineVerdict.Record;
    this.group = this.groupOf(b, groupStart, groupEnd, groupKind);
    return LineVerdict.Match;
  }

  /**
   * Validates the object or array starting at `b[i]` (any depth, with an explicit stack);
   * returns the index just past it, or -1.
   */
  private scanContainer(b: Uint8Array, i: number): number {
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
        i = scanString(b, i + 1);
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
        i = c === QUOTE ? scanString(b, i + 1) : scanScalar(b, i);
        if (i < 0) return -1;
        state = S_AFTER;
      }
    }
  }

  /** Which tracked fields the key `b[start..end)` (without quotes) names. */
  private trackedBy(b: Uint8Array, start: number, end: number, escaped: boolean): number {
    const { levelField, groupBy } = this.options;
    if (!escaped && this.levelKey !== undefined && this.groupKey !== undefined) {
      return (
        (bytesEqual(b, start, end, this.levelKey) ? TRACK_LEVEL : 0) |
        (bytesEqual(b, start, end, this.groupKey) ? TRACK_GROUP : 0)
      );
    }
    const key = escaped ? (JSON.parse(decode(b, start - 1, end + 1)) as string) : decode(b, start, end);
    return (key === levelField ? TRACK_LEVEL : 0) | (key === groupBy ? TRACK_GROUP : 0);
  }

  private levelMatches(b: Uint8Array, start: number, end: number, kind: number): boolean {
    if (kind === ABSENT || kind === NOT_STRING) return false;
    if (kind === PLAIN_STRING && this.levelBytes !== undefined) {
      return bytesEqual(b, start + 1, end - 1, this.levelBytes);
    }
    return valueAt(b, start, end) === this.options.levelValue;
  }

  private groupOf(b: Uint8Array, start: number, end: number, kind: number): string {
    if (kind === ABSENT) return MISSING_GROUP;
    if (kind === PLAIN_STRING) return decode(b, start + 1, end - 1);
    return groupLabel(valueAt(b, start, end));
  }
}

/** The value written at `b[start..end)` (already validated). */
function valueAt(b: Uint8Array, start: number, end: number): unknown {
  return JSON.parse(decode(b, start, end));
}

/** Set by {@link scanString}: whether the string it just scanned held an escape sequence. */
let lastStringEscaped = false;

/** `i` is just past an opening quote; returns the index just past the closing quote, or -1. */
function scanString(b: Uint8Array, i: number): number {
  lastStringEscaped = false;
  for (;;) {
    while (STRING_STOP[b[i]] === 0) i++;
    const c = b[i];
    if (c === QUOTE) return i + 1;
    if (c !== BACKSLASH) return -1; // a raw control character (or the sentinel)
    lastStringEscaped = true;
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

/** `i` is at the first byte of a number or literal; returns the index just past it, or -1. */
function scanScalar(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === MINUS || DIGIT[c] === 1) return scanNumber(b, i);
  if (c === 0x74 /* t */) return b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : -1;
  if (c === 0x66 /* f */) {
    return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : -1;
  }
  if (c === 0x6e /* n */) return b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : -1;
  return -1;
}

/** `i` is at "-" or a digit; returns the index just past the number, or -1. */
function scanNumber(b: Uint8Array, i: number): number {
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
