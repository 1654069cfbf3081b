/**
 * Severity levels, their order, and how a log message's severity is derived.
 *
 * Order (lowest first) is the declaration order of `Severity` (defined in contract.ts, shared with
 * the ProcessingPath, and re-exported here).
 */
import { Severity, SEVERITY_ORDER } from "./contract";

export { Severity, SEVERITY_ORDER };

const RANK: Readonly<Record<Severity, number>> = Object.fromEntries(
  SEVERITY_ORDER.map((s, i) => [s, i]),
) as Record<Severity, number>;

/** Position of `severity` in `SEVERITY_ORDER` (TRACE = 0). */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** True when `severity` is `threshold` or more severe. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/**
 * Level names seen in the wild (log4j, Python logging, syslog, java.util.logging, Go, pino/bunyan
 * names, Serilog, OpenTelemetry severityText), lower-cased, mapped to our levels.
 */
const ALIASES: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ["trace", Severity.TRACE],
  ["verbose", Severity.TRACE],
  ["finest", Severity.TRACE],
  ["finer", Severity.TRACE],
  ["debug", Severity.DEBUG],
  ["dbg", Severity.DEBUG],
  ["fine", Severity.DEBUG],
  ["config", Severity.DEBUG],
  ["info", Severity.INFO],
  ["information", Severity.INFO],
  ["informational", Severity.INFO],
  ["notice", Severity.INFO],
  ["warn", Severity.WARN],
  ["warning", Severity.WARN],
  ["error", Severity.ERROR],
  ["err", Severity.ERROR],
  ["eror", Severity.ERROR],
  ["severe", Severity.ERROR],
  ["fatal", Severity.CRITICAL],
  ["critical", Severity.CRITICAL],
  ["crit", Severity.CRITICAL],
  ["alert", Severity.CRITICAL],
  ["emerg", Severity.CRITICAL],
  ["emergency", Severity.CRITICAL],
  ["panic", Severity.CRITICAL],
]);

/** Level names `parseSeverity` accepts (for error messages). */
export const SEVERITY_ALIASES: readonly string[] = [...ALIASES.keys()];

/** Parses a level name case-insensitively (`"err"`, `"Warning"`, `"FATAL"`…); undefined if unknown. */
export function parseSeverity(name: string): Severity | undefined {
  return ALIASES.get(name.trim().toLowerCase());
}

/** pino / bunyan numeric levels (10 trace … 60 fatal), the common numeric `level` in JSON logs. */
function severityFromNumber(level: number): Severity | undefined {
  if (level >= 60) return Severity.CRITICAL;
  if (level >= 50) return Severity.ERROR;
  if (level >= 40) return Severity.WARN;
  if (level >= 30) return Severity.INFO;
  if (level >= 20) return Severity.DEBUG;
  if (level >= 10) return Severity.TRACE;
  return undefined;
}

/** Top-level JSON keys holding a level, lower-cased, in priority order. */
const JSON_LEVEL_KEYS: readonly string[] = [
  "level",
  "severity",
  "levelname",
  "loglevel",
  "log_level",
  "log.level",
  "lvl",
  "severitytext",
  "@l",
];

function severityFromValue(value: unknown): Severity | undefined {
  if (typeof value === "string") return parseSeverity(value);
  if (typeof value === "number" && Number.isFinite(value)) return severityFromNumber(value);
  return undefined;
}

/**
 * The level of a structured (JSON object) log event: the first of `level`, `severity`, `levelname`,
 * `loglevel`, `log_level`, `log.level`, `lvl`, `severityText`, `@l` (keys case-insensitive), or
 * ECS's nested `log.level`. Undefined when the object names no known level.
 */
export function severityFromJson(record: Readonly<Record<string, unknown>>): Severity | undefined {
  const byLowerKey = new Map<string, unknown>();
  for (const key of Object.keys(record)) {
    const lower = key.toLowerCase();
    if (!byLowerKey.has(lower)) byLowerKey.set(lower, record[key]);
  }
  for (const key of JSON_LEVEL_KEYS) {
    const found = severityFromValue(byLowerKey.get(key));
    if (found) return found;
  }
  const log = byLowerKey.get("log");
  if (log !== null && typeof log === "object" && !Array.isArray(log)) {
    return severityFromValue((log as Record<string, unknown>).level);
  }
  return undefined;
}

/**
 * Level markers in plain text, tried left to right; the first one that names a level wins:
 * - `level=error`, `severity: WARN`, `lvl=err` (logfmt and similar; value in any case),
 * - a bracketed name: `[ERROR]` (Python on Lambda), `[error]`, `[core:error]` (Apache),
 * - an upper-case word: `ERROR`, `FATAL`, `CRITICAL`, `WARN`… (Lambda's Node runtime prints
 *   `<time>\t<request id>\tERROR\tInvoke Error …`; log4j, Python's `ERROR:root:…`),
 * - Lambda platform failures: `Task timed out after`, `Runtime exited with error`,
 *   `Runtime.ExitError`, and Python's `Traceback (most recent call last)`.
 */
const TEXT_MARKER =
  /(?:\b(?:[Ll]evel|LEVEL|[Ss]everity|SEVERITY|[Ll]vl|LVL|[Ll]og[Ll]evel|LOGLEVEL)\s*[=:]\s*"?([A-Za-z]+))|\[(?:[\w-]+:)?([A-Za-z]+)\]|\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|EMERG|PANIC)\b|(Task timed out after|Runtime exited with error|Runtime\.ExitError|Traceback \(most recent call last\))/g;

/** Lambda Node.js runtime text line prefix; group 1 is the level. */
const LAMBDA_TEXT_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\t[\w-]+\t([A-Z]+)\t/;

/** Only the head of a long message is scanned: that is where a line's level is printed. */
export const TEXT_SCAN_CHARS = 2048;

/** The level named in a plain-text message (see `TEXT_MARKER`), or undefined. */
export function severityFromText(message: string): Severity | undefined {
  // Fast path for Lambda's Node.js text format, `<ISO time>\t<request id>\t<LEVEL>\t…` (an
  // anchored test that fails at the first character for other lines).
  const lambda = LAMBDA_TEXT_LINE.exec(message);
  if (lambda !== null) {
    const found = parseSeverity(lambda[1]);
    if (found) return found;
  }
  const head = message.length > TEXT_SCAN_CHARS ? message.slice(0, TEXT_SCAN_CHARS) : message;
  // One shared global regex: exec is synchronous, so resetting lastIndex makes it safe to reuse.
  const re = TEXT_MARKER;
  re.lastIndex = 0;
  for (let m = re.exec(head); m !== null; m = re.exec(head)) {
    if (m[4] !== undefined) return Severity.ERROR;
    const name = m[1] ?? m[2] ?? m[3];
    const found = name === undefined ? undefined : parseSeverity(name);
    if (found) return found;
  }
  return undefined;
}

/** `{"level": "<name>"` at the very start of a message. */
const LEADING_LEVEL = /^\s*\{\s*"[Ll][Ee][Vv][Ee][Ll]"\s*:\s*"([A-Za-z]+)"/;

/** Severity of a message that names none. */
export const DEFAULT_SEVERITY: Severity = Severity.INFO;

/**
 * Derives a log event's severity: a JSON object message is read by its level field (falling back
 * to a text scan when it has none); anything else is scanned as text. `INFO` when nothing matches.
 */
export function deriveSeverity(message: string): Severity {
  // Fast path for the common structured line whose first key is `level` (Powertools prints it
  // first): the first key of the top-level object is the top-level `level`, so the result equals
  // the full parse below, without parsing the whole event.
  const leading = LEADING_LEVEL.exec(message);
  if (leading !== null) {
    const found = parseSeverity(leading[1]);
    if (found) return found;
  }
  const start = message.trimStart();
  if (start.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(start);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      const fromJson = severityFromJson(parsed as Record<string, unknown>);
      if (fromJson) return fromJson;
    }
  }
  return severityFromText(message) ?? DEFAULT_SEVERITY;
}
