/**
 * The JSON grammar (RFC 8259, exactly what `JSON.parse` accepts) as skipping functions: each takes
 * the index of a value's first byte and returns the index just past it, or -1 when the text is not
 * valid JSON there. Nothing is decoded or allocated. Containers are validated with an explicit
 * stack, so no line is too deep. Every loop relies on the sentinel byte 0 the extractor puts after
 * the line (neither whitespace, nor a digit, nor allowed raw in a string).
 */
import * as bytes from "./bytes";

// read once into module constants: the CommonJS the CLI runs reads an imported binding
// through a getter on every use, which the scanning loops cannot afford
const {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  DIGIT,
  DOT,
  HEX,
  MINUS,
  OPEN_BRACE,
  OPEN_BRACKET,
  PLUS,
  QUOTE,
  SIMPLE_ESCAPE,
  STRING_STOP,
  WHITESPACE,
  ZERO,
} = bytes;

// states of the (unselective) container validator
const S_VALUE = 0;
const S_FIRST_VALUE = 1;
const S_KEY = 2;
const S_FIRST_KEY = 3;
const S_AFTER = 4;
const IN_OBJECT = 1;
const IN_ARRAY = 2;

/**
 * Skips strings and whole values. Not reentrant: {@link lastStringEscaped} belongs to the last
 * string skipped, and the container stack is reused.
 */
export class JsonSkipper {
  /** Whether the last string skipped had an escape sequence. */
  lastStringEscaped = false;
  private stack = new Uint8Array(64);

  /** Skips any value at `b[i]`. */
  skipValue(b: Uint8Array, i: number): number {
    const c = b[i];
    if (c === QUOTE) return this.skipString(b, i + 1);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.skipContainer(b, i);
    return skipScalar(b, i);
  }

  /** `i` is just past an opening quote; returns the index just past the closing quote, or -1. */
  skipString(b: Uint8Array, i: number): number {
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
  skipContainer(b: Uint8Array, i: number): number {
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
export function skipScalar(b: Uint8Array, i: number): number {
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
export function skipNumber(b: Uint8Array, i: number): number {
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
