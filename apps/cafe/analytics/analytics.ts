/**
 * The café analytics: each `apache/access` line of a CloudWatch Logs delivery is parsed with the
 * café's combined-format parser, located (country, city) and written out as one structured JSON
 * line per request; requests, client/server errors and order clicks are published per country as
 * embedded-metric-format (EMF) records with Powertools Metrics. `createHandler` binds it to a
 * logger, metrics and a line sink created once per container.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import {
  decodeDelivery,
  MessageType,
  type LogEvent,
} from "../../../components/processingPath/handler/decode";
import { parseAccessLogLine } from "../src/accessLog";
import { AnalyticsEnv, COUNTRY_DIMENSION, DEFAULT_ORDER_PATH, MetricName } from "./contract";
import type { Location } from "./geo";

/** The handler's settings, from its environment. */
export interface AnalyticsConfig {
  /** Path of the order endpoint (requests to it are order clicks). */
  readonly orderPath: string;
  /** Powertools service name (the `service` dimension). */
  readonly serviceName: string;
  /** Namespace of the EMF metrics. */
  readonly metricsNamespace: string;
}

/** An environment the handler cannot run with. */
export class AnalyticsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnalyticsConfigError";
  }
}

/** The configuration in `env`; throws `AnalyticsConfigError` naming the variable and the fix. */
export function loadAnalyticsConfig(env: Record<string, string | undefined>): AnalyticsConfig {
  const orderPath = env[AnalyticsEnv.ORDER_PATH] || DEFAULT_ORDER_PATH;
  if (!orderPath.startsWith("/") || /[\s?#]/.test(orderPath)) {
    throw new AnalyticsConfigError(
      `${AnalyticsEnv.ORDER_PATH} must be a URL path starting with "/" without query or spaces (got ${JSON.stringify(orderPath)}).`,
    );
  }
  return {
    orderPath,
    serviceName: env[AnalyticsEnv.POWERTOOLS_SERVICE_NAME] || "cafe-analytics",
    metricsNamespace: env[AnalyticsEnv.POWERTOOLS_METRICS_NAMESPACE] || "obskit/Cafe",
  };
}

/** One request, as the analytics writes it (one JSON line each). */
export interface RequestRecord {
  /** When the request was received (the access log's `%t`), ISO 8601 UTC. */
  readonly timestamp: string;
  /** The client address. */
  readonly ip: string;
  /** ISO 3166-1 alpha-2 country code, or `Unknown`. */
  readonly country: string;
  /** City name, or `Unknown`. */
  readonly city: string;
  readonly method: string;
  /** Request path without the query string. */
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  /** Whether the request is an order click. */
  readonly order: boolean;
}

/** The per-country counts published as metrics. */
export interface CountryCounts {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  orderClicks: number;
}

/** What a batch of events amounts to. */
export interface BatchAnalysis {
  /** One record per well-formed line, in event order. */
  readonly records: RequestRecord[];
  /** Counts by country code. */
  readonly byCountry: Map<string, CountryCounts>;
  /** Lines that are not complete combined-format lines (skipped). */
  readonly malformed: number;
}

/**
 * Parses and locates every event's line. `locate` is called once per distinct client address of
 * the batch (an access log repeats addresses, so this saves most look-ups).
 */
export function analyzeEvents(
  events: readonly Pick<LogEvent, "message">[],
  orderPath: string,
  locate: (ip: string) => Location,
): BatchAnalysis {
  const records: RequestRecord[] = [];
  const byCountry = new Map<string, CountryCounts>();
  const seen = new Map<string, Location>();
  let malformed = 0;
  for (const event of events) {
    const r = parseAccessLogLine(event.message);
    if (r === null) {
      malformed++;
      continue;
    }
    let where = seen.get(r.host);
    if (where === undefined) {
      where = locate(r.host);
      seen.set(r.host, where);
    }
    const order = r.path === orderPath;
    records.push({
      timestamp: r.time.toISOString(),
      ip: r.host,
      country: where.country,
      city: where.city,
      method: r.method,
      path: r.path,
      status: r.status,
      bytes: r.bytes,
      order,
    });
    let c = byCountry.get(where.country);
    if (c === undefined) {
      c = { requests: 0, clientErrors: 0, serverErrors: 0, orderClicks: 0 };
      byCountry.set(where.country, c);
    }
    c.requests++;
    if (r.status >= 400 && r.status < 500) c.clientErrors++;
    else if (r.status >= 500) c.serverErrors++;
    if (order) c.orderClicks++;
  }
  return { records, byCountry, malformed };
}

/** What the handler returns for one delivery. */
export interface AnalyticsSummary {
  readonly messageType: string;
  readonly logGroup: string;
  /** Log events in the delivery. */
  readonly events: number;
  /** Well-formed requests written and counted. */
  readonly requests: number;
  readonly malformed: number;
  /** Distinct countries of the delivery. */
  readonly countries: number;
}

/** What the handler runs with; `createHandler` takes these so tests can pass their own. */
export interface AnalyticsDeps {
  readonly config: AnalyticsConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Locates a client address. */
  readonly locate: (ip: string) => Location;
  /** Writes text to the function's log (stdout: each line becomes one log event). */
  readonly write: (text: string) => void;
}

/** Request lines are written in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

function writeRecords(records: readonly RequestRecord[], write: (text: string) => void): void {
  let chunk = "";
  for (const r of records) {
    chunk += `${JSON.stringify(r)}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      write(chunk);
      chunk = "";
    }
  }
  if (chunk !== "") write(chunk);
}

/**
 * One EMF record per country (dimensions `service` and `country`), then one of the delivery's
 * totals (`service` only, with `MalformedLines`), so dashboards can map countries and alarms can
 * watch totals without metric math.
 */
function publishMetrics(analysis: BatchAnalysis, metrics: Metrics): void {
  const total: CountryCounts = { requests: 0, clientErrors: 0, serverErrors: 0, orderClicks: 0 };
  const add = (c: CountryCounts): void => {
    metrics.addMetric(MetricName.Requests, MetricUnit.Count, c.requests);
    metrics.addMetric(MetricName.ClientErrors, MetricUnit.Count, c.clientErrors);
    metrics.addMetric(MetricName.ServerErrors, MetricUnit.Count, c.serverErrors);
    metrics.addMetric(MetricName.OrderClicks, MetricUnit.Count, c.orderClicks);
  };
  for (const [country, c] of [...analysis.byCountry].sort(([a], [b]) => a.localeCompare(b))) {
    metrics.addDimension(COUNTRY_DIMENSION, country);
    add(c);
    metrics.publishStoredMetrics();
    total.requests += c.requests;
    total.clientErrors += c.clientErrors;
    total.serverErrors += c.serverErrors;
    total.orderClicks += c.orderClicks;
  }
  add(total);
  metrics.addMetric(MetricName.MalformedLines, MetricUnit.Count, analysis.malformed);
  metrics.publishStoredMetrics();
}

/** Decodes, analyzes and writes one delivery. Throws `PayloadDecodeError` for an undecodable event. */
export function processDelivery(event: unknown, deps: AnalyticsDeps): AnalyticsSummary {
  const delivery = decodeDelivery(event);
  if (delivery.messageType === MessageType.CONTROL) {
    deps.logger.info("Control message (subscription check): nothing to analyze", {
      logGroup: delivery.logGroup,
    });
    return {
      messageType: delivery.messageType,
      logGroup: delivery.logGroup,
      events: 0,
      requests: 0,
      malformed: 0,
      countries: 0,
    };
  }
  const analysis = analyzeEvents(delivery.logEvents, deps.config.orderPath, deps.locate);
  writeRecords(analysis.records, deps.write);
  publishMetrics(analysis, deps.metrics);
  const summary: AnalyticsSummary = {
    messageType: delivery.messageType,
    logGroup: delivery.logGroup,
    events: delivery.logEvents.length,
    requests: analysis.records.length,
    malformed: analysis.malformed,
    countries: analysis.byCountry.size,
  };
  if (analysis.malformed > 0) {
    deps.logger.warn("Skipped lines that are not complete combined-format lines", {
      malformed: analysis.malformed,
      logStream: delivery.logStream,
    });
  }
  deps.logger.info("Analyzed delivery", { ...summary, logStream: delivery.logStream });
  return summary;
}

/**
 * The Lambda handler over `deps`. A failure (an undecodable delivery) is logged and rethrown, so
 * Lambda's asynchronous retries run and then the on-failure destination receives the event.
 */
export function createHandler(
  deps: AnalyticsDeps,
): (event: unknown, context: Context) => Promise<AnalyticsSummary> {
  return async (event, context) => {
    deps.logger.addContext(context);
    try {
      return processDelivery(event, deps);
    } catch (error) {
      deps.logger.error(
        "Delivery failed; rethrowing so Lambda retries it and finally sends it to the on-failure destination",
        error instanceof Error ? error : new Error(String(error)),
      );
      throw error;
    }
  };
}
