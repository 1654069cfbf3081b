/**
 * One JSON Lines line in, one verdict out: the analyzer's test of a line, kept apart from the
 * stream reading (and from `node:stream` and `node:zlib`) so a worker thread loads only this and the
 * JSON field extractor.
 */
import {
  decodeUtf8,
  JsonFieldExtractor,
  JsonKind,
  JsonLine,
} from "../../../components/filterPattern/jsonFields";

// read once: the hot path below compares with plain numbers, not through the module's bindings
const BLANK_LINE = JsonLine.Blank;
const NOT_OBJECT = JsonLine.NotObject;
const ABSENT = JsonKind.Absent;
const PLAIN_STRING = JsonKind.PlainString;

/** What a line turned out to be. */
export const LineVerdict = {
  /** Empty or only whitespace: neither a record nor malformed. */
  Blank: 0,
  /** Not valid JSON, or valid JSON that is not an object. */
  Malformed: 1,
  /** A JSON object whose level field is not the level value. */
  Record: 2,
  /** A JSON object whose level field equals the level value; its group is in `LineClassifier.group`. */
  Match: 3,
} as const;
/** A value of {@link LineVerdict}. */
export type LineVerdict = (typeof LineVerdict)[keyof typeof LineVerdict];

/** Group label of a matching record whose group-by field is absent or `null`. */
export const MISSING_GROUP = "(missing)";

/** The label a group-by value is counted under. */
export function groupLabel(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return MISSING_GROUP;
  return JSON.stringify(value);
}

/** What the classifier looks for. */
export interface LineClassifierOptions {
  /** Top-level field holding the level. */
  readonly levelField: string;
  /** Value of the level field that makes a record a match (compared exactly, case-sensitive). */
  readonly levelValue: string;
  /** Top-level field whose value groups the matches. */
  readonly groupBy: string;
}

/**
 * One JSON Lines line in, one verdict out: the package's selective JSON field extractor reads the
 * level and group-by fields (and validates the line like JSON.parse) without building the object,
 * so the verdict is exactly `JSON.parse(line)` + `obj[levelField] === levelValue` + `obj[groupBy]`.
 * Not reentrant: `group` belongs to the last `classify` call.
 */
export class LineClassifier {
  /** The group of the last line classified as `Match`. */
  group = MISSING_GROUP;
  private readonly extractor: JsonFieldExtractor;
  private readonly levelBytes: Buffer | undefined;
  private readonly groupSlot: number;

  constructor(private readonly options: LineClassifierOptions) {
    const same = options.groupBy === options.levelField;
    this.extractor = new JsonFieldExtractor(
      same ? [[options.levelField]] : [[options.levelField], [options.groupBy]],
    );
    this.groupSlot = same ? 0 : 1;
    // byte comparison is exact unless the value has U+FFFD or surrogates (compared after decoding)
    this.levelBytes = /[\uD800-\uDFFF\uFFFD]/.test(options.levelValue)
      ? undefined
      : Buffer.from(options.levelValue);
  }

  /** Classifies the line `b[start..end)` (no line feed inside; `b[end]` is restored after use). */
  classify(b: Uint8Array, start: number, end: number): LineVerdict {
    const x = this.extractor;
    const line = x.scanBytes(b, start, end);
    if (line === BLANK_LINE) return LineVerdict.Blank;
    if (line === NOT_OBJECT) return LineVerdict.Malformed;
    if (!x.stringEquals(0, this.options.levelValue, this.levelBytes)) return LineVerdict.Record;
    const slot = this.groupSlot;
    const kind = x.kind(slot);
    if (kind === PLAIN_STRING) {
      // the common case: a string without escapes, whose label is its bytes decoded
      this.group = this.labels.label(x.scannedBytes, x.valueStart(slot) + 1, x.valueEnd(slot) - 1);
    } else {
      this.group = kind === ABSENT ? MISSING_GROUP : groupLabel(x.value(slot));
    }
    return LineVerdict.Match;
  }

  private readonly labels = new LabelCache();
}

const LABEL_SLOTS = 1024;
/** Labels kept: half the slots, so a probe always ends at an empty slot. */
const MAX_LABELS = LABEL_SLOTS / 2;
const MAX_CACHED_LABEL_BYTES = 256;

/**
 * The labels of plain string values, by their UTF-8 bytes: a group seen before is found by a hash
 * of its bytes instead of being decoded into a new string on every matching line. Bounded: past
 * {@link MAX_LABELS} distinct labels, new ones are decoded each time, with the same result.
 */
class LabelCache {
  private readonly keys: (Buffer | undefined)[] = new Array<Buffer | undefined>(LABEL_SLOTS).fill(undefined);
  private readonly values: string[] = new Array<string>(LABEL_SLOTS).fill("");
  private size = 0;

  /** The text of `b[start..end)` decoded as UTF-8. */
  label(b: Uint8Array, start: number, end: number): string {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const n = end - start;
    for (let k = h & (LABEL_SLOTS - 1); ; k = (k + 1) & (LABEL_SLOTS - 1)) {
      const key = this.keys[k];
      if (key === undefined) {
        const label = decodeUtf8(b, start, end);
        if (this.size < MAX_LABELS && n <= MAX_CACHED_LABEL_BYTES) {
          this.keys[k] = Buffer.from(b.subarray(start, end));
          this.values[k] = label;
          this.size++;
        }
        return label;
      }
      if (key.length === n && sameBytes(key, b, start)) return this.values[k];
    }
  }
}

function sameBytes(key: Buffer, b: Uint8Array, start: number): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] !== b[start + i]) return false;
  return true;
}
