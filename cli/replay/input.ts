/**
 * A user's own log file as replay events: JSON or text lines; each event's time comes from the line
 * where it carries one (`timestamp`, `@timestamp` or `time` of a JSON line — ISO 8601 text or epoch
 * seconds/milliseconds — or an Apache/CLF `[10/Oct/2000:13:55:36 -0700]`), otherwise it follows the
 * previous event at `ratePerSecond`. `readTimedLines` leaves out, and counts by reason, the lines a
 * replay cannot use; `notLogText` tells an empty, binary or compressed file from log text.
 */

import { parseApacheTime } from "../../apps/cafe/src/accessLog";

/** An Apache `%t` anywhere in a line, split around optional fractional seconds. */
const APACHE = /\[(\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2})(?:\.(\d+))? ([+-]\d{4})\]/;

/** Epoch ms of an Apache `%t` (`[10/Oct/2000:13:55:36 -0700]`) in the line, if any. */
export function apacheTime(line: string): number | undefined {
  const m = APACHE.exec(line);
  const t = m ? parseApacheTime(`${m[1]} ${m[3]}`) : null;
  if (!m || !t) return undefined;
  return t.time.getTime() + (m[2] ? Number(`0.${m[2]}`) * 1000 : 0);
}

function fromValue(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v; // seconds or ms
  if (typeof v === "string" && v.trim() !== "") {
    if (/^\d+(\.\d+)?$/.test(v.trim())) return fromValue(Number(v));
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** Epoch ms the line says it happened at, or undefined. */
export function lineTime(line: string): number | undefined {
  const t = line.trimStart();
  if (t.startsWith("{")) {
    try {
      const doc = JSON.parse(t) as Record<string, unknown>;
      for (const k of ["timestamp", "@timestamp", "time"]) {
        const v = fromValue(doc[k]);
        if (v !== undefined) return v;
      }
    } catch {
      // not JSON after all: a text line
    }
  }
  return apacheTime(line);
}

export interface TimedLine {
  timestamp: number;
  message: string;
}

/**
 * The non-blank lines of `text`, timed. Lines without a time follow the previous event at
 * `ratePerSecond` (the first such line at `startMs` when no line before it has a time).
 */
export function timeLines(text: string, ratePerSecond: number, startMs: number): TimedLine[] {
  const step = 1000 / ratePerSecond;
  const out: TimedLine[] = [];
  let previous: number | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === "") continue;
    const own = lineTime(raw);
    const timestamp = own ?? (previous === undefined ? startMs : previous + step);
    out.push({ timestamp: Math.round(timestamp), message: raw });
    previous = timestamp;
  }
  return out;
}

/**
 * The earliest time a replay accepts, for `--start` and for a line's own time: 2000-01-01T00:00:00Z.
 * Older times are almost always a parse accident (epoch 0, a two-digit year) rather than logs: the
 * line is skipped and reported, not a reason to simulate decades.
 */
/**
 * The longest stretch of simulated time one replay covers, from its start (or its earliest event) to
 * its end: 31 days, a month of logs — longer than CloudWatch keeps one-minute datapoints (15 days),
 * far longer than any scenario. A longer replay is refused (`ReplaySpanError`) rather than
 * simulating years because of one stray timestamp.
 */
export const MAX_REPLAY_SPAN_DAYS = 31;

export const EARLIEST_REPLAY_MS = Date.UTC(2000, 0, 1);
/**
 * How far ahead of the present a time may lie: 2 hours, the furthest in the future CloudWatch Logs
 * accepts a log event (PutLogEvents).
 */
export const FUTURE_LIMIT_MS = 2 * 3_600_000;

/** Why a line of a user's file was not replayed. */
export type SkipReason = "unparsable-timestamp" | "timestamp-out-of-range" | "outside-span" | "not-text";

/** In words, for the report. */
export const SKIP_REASONS: Record<SkipReason, string> = {
  "unparsable-timestamp": "its time field is not a time",
  "timestamp-out-of-range": `its time is before ${new Date(EARLIEST_REPLAY_MS).toISOString().slice(0, 10)} or more than ${FUTURE_LIMIT_MS / 3_600_000} hours ahead`,
  "outside-span": "its time lies outside the stretch replayed",
  "not-text": "control characters (binary data, not a log line)",
};

/** The lines of a user's file that were not replayed: counts by reason and the first few of each. */
export interface SkippedLines {
  /** Lines skipped (blank lines are not counted: they are no event). */
  total: number;
  /** Non-blank lines read. */
  lines: number;
  byReason: Partial<Record<SkipReason, number>>;
  /** The first lines skipped for each reason (at most `SKIP_EXAMPLES` each), by line number. */
  examples: { line: number; reason: SkipReason; excerpt: string; detail: string }[];
}

/** How many example lines the report shows per reason. */
export const SKIP_EXAMPLES = 3;

/** C0 control characters other than tab and ESC (colour codes), and DEL. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f]/;

/** A line's own time: a time, a field that should hold one and does not, or none. */
export function ownTime(line: string): { ms: number } | { unparsable: string } | undefined {
  const t = line.trimStart();
  if (t.startsWith("{")) {
    try {
      const doc = JSON.parse(t) as Record<string, unknown>;
      let bad: string | undefined;
      for (const k of ["timestamp", "@timestamp", "time"]) {
        if (doc[k] === undefined || doc[k] === null) continue;
        const v = fromValue(doc[k]);
        if (v !== undefined) return { ms: v };
        bad ??= `${k} ${JSON.stringify(doc[k])}`.slice(0, 60);
      }
      if (bad !== undefined) return { unparsable: bad };
    } catch {
      // not JSON after all: a text line
    }
  }
  const m = APACHE.exec(line);
  if (!m) return undefined;
  const ms = apacheTime(line);
  return ms === undefined ? { unparsable: `[${m[1]} ${m[3]}]` } : { ms };
}

/** What `readTimedLines` needs besides the text. */
export interface ReadLinesOptions {
  /** Events per second for lines without a time of their own. */
  ratePerSecond: number;
  /** The time of the first line without a time when no line before it has one (epoch ms). */
  startMs: number;
  /** The present (epoch ms): a line's time may be at most `FUTURE_LIMIT_MS` ahead of it. */
  nowMs: number;
  /** The longest stretch of time the lines may cover (ms); the busiest stretch of that length is kept. */
  maxSpanMs: number;
}

/**
 * The lines of a user's file, timed as `timeLines` times them, without the lines a replay cannot
 * use: a time field that is not a time, a time before `EARLIEST_REPLAY_MS` or more than
 * `FUTURE_LIMIT_MS` after `nowMs`, control characters; and, when the remaining lines cover more than
 * `maxSpanMs`, those outside the stretch of that length holding the most events (so one stray
 * timestamp does not stretch the replay over years). Each skipped line is counted in `skipped`.
 */
export function readTimedLines(
  text: string,
  options: ReadLinesOptions,
): { lines: TimedLine[]; skipped: SkippedLines } {
  const step = 1000 / options.ratePerSecond;
  const latest = options.nowMs + FUTURE_LIMIT_MS;
  const skipped: SkippedLines = { total: 0, lines: 0, byReason: {}, examples: [] };
  const skip = (line: number, raw: string, reason: SkipReason, detail: string): void => {
    skipped.total++;
    const n = (skipped.byReason[reason] = (skipped.byReason[reason] ?? 0) + 1);
    if (n <= SKIP_EXAMPLES) skipped.examples.push({ line, reason, excerpt: excerpt(raw), detail });
  };
  const kept: (TimedLine & { line: number })[] = [];
  let previous: number | undefined;
  const raws = text.split(/\r?\n/);
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    if (raw.trim() === "") continue;
    skipped.lines++;
    if (CONTROL.test(raw)) {
      const c = CONTROL.exec(raw)![0].charCodeAt(0);
      skip(i + 1, raw, "not-text", `byte 0x${c.toString(16).padStart(2, "0")}`);
      continue;
    }
    const own = ownTime(raw);
    if (own !== undefined && "unparsable" in own) {
      skip(i + 1, raw, "unparsable-timestamp", own.unparsable);
      continue;
    }
    if (own !== undefined && (own.ms < EARLIEST_REPLAY_MS || own.ms > latest)) {
      skip(i + 1, raw, "timestamp-out-of-range", new Date(own.ms).toISOString());
      continue;
    }
    const timestamp = own?.ms ?? (previous === undefined ? options.startMs : previous + step);
    kept.push({ timestamp: Math.round(timestamp), message: raw, line: i + 1 });
    previous = timestamp;
  }
  const [from, to] = busiestStretch(
    kept.map((l) => l.timestamp),
    options.maxSpanMs,
  );
  const lines: TimedLine[] = [];
  const outside: { line: number; raw: string; at: number }[] = [];
  for (const l of kept)
    if (l.timestamp >= from && l.timestamp <= to) lines.push({ timestamp: l.timestamp, message: l.message });
    else outside.push({ line: l.line, raw: l.message, at: l.timestamp });
  const iso = (ms: number): string => new Date(ms).toISOString();
  for (const o of outside.sort((a, b) => a.line - b.line))
    skip(o.line, o.raw, "outside-span", `${iso(o.at)}, outside ${iso(from)} → ${iso(to)}`);
  skipped.examples.sort((a, b) => a.line - b.line);
  return { lines, skipped };
}

/** The stretch [from, from + span] holding the most of `times` (the earliest such stretch). */
function busiestStretch(times: readonly number[], span: number): [number, number] {
  if (times.length === 0) return [0, 0];
  const sorted = Float64Array.from(times).sort();
  if (sorted[sorted.length - 1] - sorted[0] <= span) return [sorted[0], sorted[sorted.length - 1]];
  let best = 0;
  let bestFrom = sorted[0];
  for (let lo = 0, hi = 0; lo < sorted.length; lo++) {
    while (hi < sorted.length && sorted[hi] - sorted[lo] <= span) hi++;
    if (hi - lo > best) {
      best = hi - lo;
      bestFrom = sorted[lo];
    }
  }
  return [bestFrom, bestFrom + span];
}

/** The start of a line for a report: at most 100 characters, control characters escaped. */
function excerpt(raw: string): string {
  const s = raw.length > 100 ? `${raw.slice(0, 100)}…` : raw;
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Compressed formats a user may give instead of the log text, by their first bytes. */
const COMPRESSED: { name: string; magic: number[]; fix: string }[] = [
  { name: "gzip", magic: [0x1f, 0x8b], fix: "gunzip -k" },
  { name: "bzip2", magic: [0x42, 0x5a, 0x68], fix: "bunzip2 -k" },
  { name: "xz", magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], fix: "unxz -k" },
  { name: "zstd", magic: [0x28, 0xb5, 0x2f, 0xfd], fix: "unzstd" },
  { name: "zip", magic: [0x50, 0x4b, 0x03, 0x04], fix: "unzip" },
];

/**
 * Why `bytes` is no log text a replay can read, or undefined when it is: empty (nothing but
 * whitespace), compressed (gzip, bzip2, xz, zstd, zip: its first bytes), or binary (a NUL byte in the
 * first 64 KiB, as git and grep decide). The text names the fix.
 */
export function notLogText(bytes: Uint8Array): string | undefined {
  for (const c of COMPRESSED)
    if (bytes.length >= c.magic.length && c.magic.every((b, i) => bytes[i] === b))
      return `is ${c.name}-compressed: decompress it first (${c.fix} <file>) and replay the text`;
  const head = bytes.subarray(0, 65_536);
  const nul = head.indexOf(0);
  if (nul >= 0)
    return `looks binary (a NUL byte at offset ${nul}): give a text file of log lines, one event per line (JSON or text)`;
  let blank = true;
  for (let i = 0; i < bytes.length && blank; i++) {
    const b = bytes[i];
    if (!(b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) blank = false;
  }
  if (blank)
    return `is empty (${bytes.length === 0 ? "0 bytes" : "only blank lines"}): give a file with one log event per line`;
  return undefined;
}

/** The skipped-lines report of the text output (empty when no line was skipped). */
export function renderSkipped(file: string, skipped: SkippedLines): string {
  if (skipped.total === 0) return "";
  const reasons = (Object.entries(skipped.byReason) as [SkipReason, number][])
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `  ${String(n).padStart(6)} ${reason}: ${SKIP_REASONS[reason]}`);
  const examples = skipped.examples.map((e) => `  line ${e.line} (${e.reason}: ${e.detail}): ${e.excerpt}`);
  return `${[`skipped ${skipped.total} of ${skipped.lines} lines of ${file}, not replayed:`, ...reasons, ...examples].join("\n")}\n`;
}
