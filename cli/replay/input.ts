/**
 * A user's own log file as replay events: JSON or text lines; each event's time comes from the line
 * where it carries one (`timestamp`, `@timestamp` or `time` of a JSON line — ISO 8601 text or epoch
 * seconds/milliseconds — or an Apache/CLF `[10/Oct/2000:13:55:36 -0700]`), otherwise it follows the
 * previous event at `ratePerSecond`.
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
