/**
 * A user's own log file as replay events: JSON or text lines; each event's time comes from the line
 * where it carries one (`timestamp`, `@timestamp` or `time` of a JSON line — ISO 8601 text or epoch
 * seconds/milliseconds — or an Apache/CLF `[10/Oct/2000:13:55:36 -0700]`), otherwise it follows the
 * previous event at `ratePerSecond`.
 */

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const APACHE =
  /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? ([+-])(\d{2})(\d{2})\]/;

/** Epoch ms of an Apache `%t` (`[10/Oct/2000:13:55:36 -0700]`) in the line, if any. */
export function apacheTime(line: string): number | undefined {
  const m = APACHE.exec(line);
  if (!m || MONTHS[m[2]] === undefined) return undefined;
  const utc = Date.UTC(
    +m[3],
    MONTHS[m[2]],
    +m[1],
    +m[4],
    +m[5],
    +m[6],
    m[7] ? Number(`0.${m[7]}`) * 1000 : 0,
  );
  const offset = (m[8] === "-" ? -1 : 1) * (+m[9] * 60 + +m[10]) * 60_000;
  return utc - offset;
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
