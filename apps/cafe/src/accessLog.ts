/**
 * The Apache combined log format, parsed and written without dependencies:
 *
 * ```
 * %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"
 * 83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /cafe/menu.php HTTP/1.1" 200 2326 "-" "Mozilla/5.0 ..."
 * ```
 *
 * `parseAccessLogLine` returns a typed record, or `null` for a line that is not a complete combined
 * line (truncated, a missing quote, an impossible date or status). It never throws, so one bad line
 * in a batch costs that line only. `formatAccessLogLine` writes the same format back (the traffic
 * generator uses it); a formatted record parses to itself.
 */

/** One request as Apache's combined format records it. */
export interface AccessLogRecord {
  /** `%h`: the client address (an IP, or a host name when HostnameLookups is on). */
  readonly host: string;
  /** `%l`: the identd user; `undefined` when logged as `-` (almost always). */
  readonly ident: string | undefined;
  /** `%u`: the authenticated user; `undefined` when logged as `-`. */
  readonly authuser: string | undefined;
  /** `%t`: when the request was received, as an instant. */
  readonly time: Date;
  /** `%t` as written, without brackets: `10/Oct/2000:13:55:36 -0700`. */
  readonly timeText: string;
  /** The UTC offset `%t` was written in, in minutes east of UTC (`-0700` → -420). */
  readonly utcOffsetMinutes: number;
  /** `%r`: the request line as written (escapes decoded): `GET /cafe/menu.php?x=1 HTTP/1.1`. */
  readonly request: string;
  /** The request method: `GET`, `POST`, ... */
  readonly method: string;
  /** The request target without its query string: `/cafe/menu.php`. */
  readonly path: string;
  /** The query string without `?`; `undefined` when the target has none. */
  readonly query: string | undefined;
  /** The protocol: `HTTP/1.1`; `undefined` for an HTTP/0.9 request line (`GET /`). */
  readonly protocol: string | undefined;
  /** `%>s`: the final status, 100–599. */
  readonly status: number;
  /** `%b`: response body bytes; Apache writes `-` for zero, parsed as 0. */
  readonly bytes: number;
  /** `%{Referer}i`; `undefined` when logged as `-`. */
  readonly referer: string | undefined;
  /** `%{User-agent}i`; `undefined` when logged as `-`. */
  readonly userAgent: string | undefined;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_INDEX: ReadonlyMap<string, number> = new Map(MONTHS.map((m, i) => [m, i]));

// A quoted field: anything but a quote or backslash, or a backslash escape (Apache writes \" and \\).
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const COMBINED = new RegExp(
  String.raw`^(\S+) (\S+) (\S+) \[([^\]]+)\] ` +
    QUOTED +
    String.raw` (\d{3}) (\d+|-) ` +
    QUOTED +
    " " +
    QUOTED +
    String.raw`[ \t]*\r?$`,
);
const TIME = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const METHOD = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Parses Apache's `%t` text (`10/Oct/2000:13:55:36 -0700`); `null` when it is not a real instant. */
export function parseApacheTime(text: string): { time: Date; utcOffsetMinutes: number } | null {
  const m = TIME.exec(text);
  if (!m) return null;
  const month = MONTH_INDEX.get(m[2]!);
  if (month === undefined) return null;
  const [day, year, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHours = Number(m[8]);
  const offsetMins = Number(m[9]);
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 14 || offsetMins > 59) return null;
  const local = Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC rolls 31/Feb over into March: refuse dates that do not exist.
  if (new Date(local).getUTCDate() !== day || new Date(local).getUTCMonth() !== month) return null;
  const utcOffsetMinutes = (m[7] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins);
  return { time: new Date(local - utcOffsetMinutes * 60_000), utcOffsetMinutes };
}

/** Writes an instant as Apache's `%t` text in the given UTC offset (minutes east of UTC). */
export function formatApacheTime(time: Date, utcOffsetMinutes = 0): string {
  const local = new Date(time.getTime() + utcOffsetMinutes * 60_000);
  const two = (n: number): string => String(n).padStart(2, "0");
  const sign = utcOffsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(utcOffsetMinutes);
  return (
    `${two(local.getUTCDate())}/${MONTHS[local.getUTCMonth()]}/${local.getUTCFullYear()}:` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}

function unescape(text: string): string {
  return text.includes("\\") ? text.replace(/\\(.)/g, "$1") : text;
}

function escape(text: string): string {
  return text.replace(/[\\"]/g, "\\$&");
}

function dash(text: string): string | undefined {
  return text === "-" ? undefined : text;
}

/** Parses one combined-format line; `null` when the line is malformed or truncated. */
export function parseAccessLogLine(line: string): AccessLogRecord | null {
  const m = COMBINED.exec(line);
  if (!m) return null;
  const [, host, ident, authuser, timeText, rawRequest, statusText, bytesText, referer, userAgent] =
    m as unknown as [string, string, string, string, string, string, string, string, string, string];
  const when = parseApacheTime(timeText);
  if (!when) return null;
  const status = Number(statusText);
  if (status < 100 || status > 599) return null;
  const request = unescape(rawRequest);
  const parts = request.split(" ");
  if (parts.length < 2 || parts.length > 3 || !METHOD.test(parts[0]!) || parts[1] === "") return null;
  const target = parts[1]!;
  const q = target.indexOf("?");
  return {
    host,
    ident: dash(ident),
    authuser: dash(authuser),
    time: when.time,
    timeText,
    utcOffsetMinutes: when.utcOffsetMinutes,
    request,
    method: parts[0]!,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? undefined : target.slice(q + 1),
    protocol: parts[2],
    status,
    bytes: bytesText === "-" ? 0 : Number(bytesText),
    referer: dash(unescape(referer)),
    userAgent: dash(unescape(userAgent)),
  };
}

/** What `formatAccessLogLine` needs; the rest of a record is derived or defaulted. */
export interface AccessLogEntry {
  readonly host: string;
  readonly ident?: string;
  readonly authuser?: string;
  readonly time: Date;
  /** Minutes east of UTC the time is written in. @default 0 */
  readonly utcOffsetMinutes?: number;
  readonly method: string;
  /** The request target, query string included. */
  readonly target: string;
  /** @default "HTTP/1.1" */
  readonly protocol?: string;
  readonly status: number;
  /** Body bytes; 0 is written as `-`, as Apache does. */
  readonly bytes: number;
  readonly referer?: string;
  readonly userAgent?: string;
}

/** Writes one combined-format line (no trailing newline). */
export function formatAccessLogLine(e: AccessLogEntry): string {
  const request = `${e.method} ${e.target} ${e.protocol ?? "HTTP/1.1"}`;
  return (
    `${e.host} ${e.ident ?? "-"} ${e.authuser ?? "-"} [${formatApacheTime(e.time, e.utcOffsetMinutes ?? 0)}] ` +
    `"${escape(request)}" ${e.status} ${e.bytes === 0 ? "-" : e.bytes} ` +
    `"${escape(e.referer ?? "-")}" "${escape(e.userAgent ?? "-")}"`
  );
}
