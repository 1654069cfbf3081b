/**
 * The café's traffic, as Apache would log it: combined-format lines of visitors from several
 * countries browsing the home page, the menu and the about page, clicking "Order" on the menu
 * (a POST to the order endpoint), and a configurable share of requests for pages that do not
 * exist (404). Deterministic for a seed. The incident mode reproduces the café's documented incident: from a given
 * minute, `/cafe/menu.php` answers 500, so nobody reaches the order button and order clicks drop
 * to zero while traffic goes on.
 */
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { joinNegativeValues } from "../../order-worker/src/args";
import { MAX_SEED, mulberry32, randomInt, type Random } from "../../order-worker/src/prng";
import { formatAccessLogLine } from "./accessLog";

/** The café's pages. */
export const CAFE_PATHS = {
  home: "/cafe/",
  menu: "/cafe/menu.php",
  about: "/cafe/about.php",
  /** The order endpoint: one POST per "Order" click on the menu. */
  order: "/cafe/processOrder.php",
} as const;

/** Where the café's visitors come from: /24 networks and what geoip-lite's bundled data resolves them to. */
export const VISITOR_NETWORKS: readonly {
  prefix: string;
  country: string;
  city: string;
  weight: number;
}[] = [
  { prefix: "52.95.110", country: "US", city: "Seattle", weight: 30 },
  { prefix: "85.214.132", country: "DE", city: "Berlin", weight: 10 },
  { prefix: "81.2.69", country: "GB", city: "Newmarket", weight: 10 },
  { prefix: "106.51.0", country: "IN", city: "Chennai", weight: 8 },
  { prefix: "24.48.0", country: "CA", city: "Montreal", weight: 6 },
  { prefix: "2.0.0", country: "FR", city: "Sainte-Luce-sur-Loire", weight: 6 },
  { prefix: "153.156.0", country: "JP", city: "Sapporo", weight: 6 },
  { prefix: "195.235.0", country: "ES", city: "Madrid", weight: 5 },
  { prefix: "123.125.114", country: "CN", city: "Beijing", weight: 5 },
  { prefix: "101.160.0", country: "AU", city: "Essendon", weight: 5 },
  { prefix: "177.0.0", country: "BR", city: "Mirante da Serra", weight: 4 },
  { prefix: "5.61.0", country: "IT", city: "Cianciana", weight: 3 },
];

const MISSING_PAGES = [
  "/cafe/menu.html",
  "/cafe/order.php",
  "/cafe/images/logo.gif",
  "/favicon.ico",
  "/wp-login.php",
  "/cafe/checkout.php",
];
const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
];
const PAGE_BYTES = { home: 1843, menu: 4211, about: 1377, order: 982, notFound: 196, error: 0 } as const;

/** The defaults of TrafficOptions, written once. */
export const TRAFFIC_DEFAULTS = {
  seed: 1,
  count: 1000,
  start: "2026-03-02T08:00:00Z",
  requestsPerMinute: 60,
  notFoundShare: 0.03,
  orderShare: 0.35,
  host: "cafe.example.com",
} as const;

export interface TrafficOptions {
  /** PRNG seed (unsigned 32-bit): same seed, same lines. @default 1 */
  seed?: number;
  /** Lines to write. @default 1000 */
  count?: number;
  /** Time of the first request. @default 2026-03-02T08:00:00Z */
  start?: Date;
  /** Average requests per minute (timestamps advance accordingly). @default 60 */
  requestsPerMinute?: number;
  /** Share of requests for pages that do not exist (404), 0 to 1. @default 0.03 */
  notFoundShare?: number;
  /** Share of menu views followed by an order click, 0 to 1. @default 0.35 */
  orderShare?: number;
  /**
   * The café's incident from this many minutes after `start` on: the menu answers 500 and nobody
   * orders. @default none (no incident)
   */
  incidentAfterMinutes?: number;
}

/** One generated request, with what the log line says and where the visitor is. */
export interface CafeRequest {
  line: string;
  time: Date;
  ip: string;
  country: string;
  city: string;
  method: "GET" | "POST";
  path: string;
  status: number;
}

/** Every problem with the options, each naming the option and what is allowed. */
export function trafficProblems(o: TrafficOptions): string[] {
  const p: string[] = [];
  const share = (name: string, v: number | undefined) => {
    if (v !== undefined && !(v >= 0 && v <= 1)) p.push(`${name} must be from 0 to 1 (got ${v})`);
  };
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= 0 && o.seed <= MAX_SEED))
    p.push(`seed must be a whole number from 0 to ${MAX_SEED} (got ${o.seed})`);
  if (o.count !== undefined && !(Number.isInteger(o.count) && o.count >= 0))
    p.push(`count must be a whole number ≥ 0 (got ${o.count})`);
  if (o.requestsPerMinute !== undefined && !(o.requestsPerMinute > 0 && o.requestsPerMinute <= 1e6))
    p.push(`requests per minute must be > 0 and ≤ 1000000 (got ${o.requestsPerMinute})`);
  share("not-found share", o.notFoundShare);
  share("order share", o.orderShare);
  if (o.incidentAfterMinutes !== undefined && !(o.incidentAfterMinutes >= 0))
    p.push(`incident start must be ≥ 0 minutes (got ${o.incidentAfterMinutes})`);
  if (o.start !== undefined && Number.isNaN(o.start.getTime())) p.push("start must be a date-time");
  return p;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function visitorNetwork(random: Random): (typeof VISITOR_NETWORKS)[number] {
  const total = VISITOR_NETWORKS.reduce((s, n) => s + n.weight, 0);
  let r = random() * total;
  for (const n of VISITOR_NETWORKS) if ((r -= n.weight) < 0) return n;
  return VISITOR_NETWORKS[VISITOR_NETWORKS.length - 1]!;
}

/**
 * The café's requests, lazily: visitors arrive, look at the home page, the menu (and sometimes the
 * about page), and a share of menu views end in an order click; a share of requests are 404s.
 */
export function* cafeTraffic(options: TrafficOptions = {}): Generator<CafeRequest> {
  const problems = trafficProblems(options);
  if (problems.length > 0) throw new RangeError(problems.join("; "));
  const d = TRAFFIC_DEFAULTS;
  const random = mulberry32(options.seed ?? d.seed);
  const count = options.count ?? d.count;
  const start = (options.start ?? new Date(d.start)).getTime();
  const gapMs = 60_000 / (options.requestsPerMinute ?? d.requestsPerMinute);
  const notFoundShare = options.notFoundShare ?? d.notFoundShare;
  const orderShare = options.orderShare ?? d.orderShare;
  const incidentAt =
    options.incidentAfterMinutes === undefined ? Infinity : start + options.incidentAfterMinutes * 60_000;

  let t = start;
  let emitted = 0;
  const origin = `http://${d.host}`;
  while (emitted < count) {
    // one visit: a visitor, then their requests a few seconds apart
    const net = visitorNetwork(random);
    const ip = `${net.prefix}.${randomInt(random, 1, 254)}`;
    const agent = pick(random, AGENTS);
    const steps: {
      method: "GET" | "POST";
      target: string;
      page: keyof typeof PAGE_BYTES;
      referer?: string;
    }[] = [{ method: "GET", target: CAFE_PATHS.home, page: "home" }];
    steps.push({ method: "GET", target: CAFE_PATHS.menu, page: "menu", referer: origin + CAFE_PATHS.home });
    if (random() < 0.15)
      steps.push({
        method: "GET",
        target: CAFE_PATHS.about,
        page: "about",
        referer: origin + CAFE_PATHS.home,
      });
    if (random() < orderShare)
      steps.push({
        method: "POST",
        target: CAFE_PATHS.order,
        page: "order",
        referer: origin + CAFE_PATHS.menu,
      });
    for (const step of steps) {
      if (emitted >= count) return;
      // exponential gaps average requestsPerMinute
      t += Math.max(1, Math.round(-Math.log(1 - random()) * gapMs));
      const incident = t >= incidentAt;
      let { method, target } = step;
      let page: keyof typeof PAGE_BYTES = step.page;
      let status = 200;
      if (random() < notFoundShare) {
        method = "GET";
        target = pick(random, MISSING_PAGES);
        page = "notFound";
        status = 404;
      } else if (incident && page === "menu") {
        page = "error";
        status = 500;
      } else if (incident && page === "order") {
        // the menu failed: the visitor never sees the order button
        continue;
      }
      const path = target;
      // Apache's %t has whole seconds
      const time = new Date(Math.floor(t / 1000) * 1000);
      const bytes = PAGE_BYTES[page] + (page === "error" ? 0 : randomInt(random, 0, 40));
      const line = formatAccessLogLine({
        host: ip,
        time,
        method,
        // the ordered item travels in the POST body, which Apache does not log
        target,
        status,
        bytes,
        referer: step.referer,
        userAgent: agent,
      });
      emitted += 1;
      yield { line, time, ip, country: net.country, city: net.city, method, path, status };
    }
  }
}

/** The lines only. */
export function trafficLines(options: TrafficOptions = {}): string[] {
  return [...cafeTraffic(options)].map((r) => r.line);
}

export const TRAFFIC_USAGE = `Usage: npm run cafe -- [options]

Writes the café's Apache access log (combined format), one request per line on stdout:
visitors from ${VISITOR_NETWORKS.length} countries (${VISITOR_NETWORKS.map((n) => n.country).join(", ")}) browsing
${CAFE_PATHS.home}, ${CAFE_PATHS.menu} and ${CAFE_PATHS.about}, order clicks (POST ${CAFE_PATHS.order}) and 404s.

Options:
  --count N                 lines to write (default ${TRAFFIC_DEFAULTS.count})
  --seed N                  PRNG seed, 0 to ${MAX_SEED}: same seed, same lines (default ${TRAFFIC_DEFAULTS.seed})
  --start ISO-8601          time of the first request (default ${TRAFFIC_DEFAULTS.start})
  --rate N                  average requests per minute (default ${TRAFFIC_DEFAULTS.requestsPerMinute})
  --not-found-share X       share of requests for missing pages (404), 0 to 1 (default ${TRAFFIC_DEFAULTS.notFoundShare})
  --order-share X           share of menu views ending in an order click, 0 to 1 (default ${TRAFFIC_DEFAULTS.orderShare})
  --incident                the café's incident from the first request: ${CAFE_PATHS.menu} answers 500
                            and order clicks drop to zero while traffic goes on
  --incident-after M        the same incident, from M minutes after --start
  -h, --help                this text

Exit codes: 0 done, 2 bad options (each named with the values it takes).
Example: npm run --silent cafe -- --count 600 --incident-after 5 > access_log`;

/** The numeric flags of the traffic CLI: what each sets, and the values it takes. */
const NUMERIC_FLAGS = {
  count: { key: "count", min: 0, max: 100_000_000, integer: true, unit: "lines" },
  seed: { key: "seed", min: 0, max: MAX_SEED, integer: true, unit: "" },
  rate: { key: "requestsPerMinute", min: 0, max: 1_000_000, above: true, unit: "requests per minute" },
  "not-found-share": { key: "notFoundShare", min: 0, max: 1, unit: "" },
  "order-share": { key: "orderShare", min: 0, max: 1, unit: "" },
  "incident-after": { key: "incidentAfterMinutes", min: 0, max: 525_600, unit: "minutes" },
} as const satisfies Record<
  string,
  { key: keyof TrafficOptions; min: number; max: number; integer?: boolean; above?: boolean; unit: string }
>;

/** `--count must be a whole number from 0 to 100000000 lines (got "abc")`, or the number. */
function numericFlag(flag: keyof typeof NUMERIC_FLAGS, raw: string): number | string {
  const spec: { min: number; max: number; integer?: boolean; above?: boolean; unit: string } =
    NUMERIC_FLAGS[flag];
  const n = Number(raw);
  const ok =
    /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw) &&
    (!spec.integer || Number.isInteger(n)) &&
    (spec.above ? n > spec.min : n >= spec.min) &&
    n <= spec.max;
  if (ok) return n;
  const range = spec.above ? `above ${spec.min} and at most ${spec.max}` : `from ${spec.min} to ${spec.max}`;
  return `--${flag} must be ${spec.integer ? "a whole number" : "a number"} ${range}${spec.unit ? ` ${spec.unit}` : ""} (got ${JSON.stringify(raw)})`;
}

/** Runs the traffic CLI with `argv`; resolves to the exit code. */
export async function runTrafficCli(
  argv: readonly string[],
  io: { stdout: Writable; stderr: Writable },
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      // `--count -1` is a value for --count (its range is reported), not parseArgs' "ambiguous"
      args: joinNegativeValues(argv, new Set([...Object.keys(NUMERIC_FLAGS), "start"])),
      options: {
        count: { type: "string" },
        seed: { type: "string" },
        start: { type: "string" },
        rate: { type: "string" },
        "not-found-share": { type: "string" },
        "order-share": { type: "string" },
        incident: { type: "boolean" },
        "incident-after": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    io.stderr.write(
      `cafe: ${err instanceof Error ? err.message : String(err)}\ncafe: run with --help for usage\n`,
    );
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${TRAFFIC_USAGE}\n`);
    return 0;
  }
  if (values.incident && values["incident-after"] !== undefined) {
    io.stderr.write("cafe: --incident and --incident-after are exclusive\n");
    return 2;
  }
  const options: TrafficOptions = {};
  const problems: string[] = [];
  for (const flag of Object.keys(NUMERIC_FLAGS) as (keyof typeof NUMERIC_FLAGS)[]) {
    const raw = values[flag];
    if (typeof raw !== "string") continue;
    const n = numericFlag(flag, raw);
    if (typeof n === "string") problems.push(n);
    else options[NUMERIC_FLAGS[flag].key] = n;
  }
  if (values.incident) options.incidentAfterMinutes = 0;
  if (typeof values.start === "string") {
    options.start = new Date(values.start);
    if (!/^\d{4}-\d\d-\d\dT/.test(values.start) || Number.isNaN(options.start.getTime()))
      problems.push(
        `--start must be an ISO-8601 date-time such as 2026-03-02T08:00:00Z (got ${JSON.stringify(values.start)})`,
      );
  }
  if (problems.length === 0) problems.push(...trafficProblems(options));
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`cafe: ${p}\n`);
    io.stderr.write("cafe: run with --help for usage\n");
    return 2;
  }
  for (const r of cafeTraffic(options)) {
    if (!io.stdout.write(`${r.line}\n`)) await new Promise((resolve) => io.stdout.once("drain", resolve));
  }
  return 0;
}
