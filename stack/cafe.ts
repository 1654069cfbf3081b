import { LogPipeline, type MetricFilterSpec, type MetricMathAlarmSpec, type QuerySpec } from "../components";
import { CafeServer } from "../apps/cafe/deploy";
import { CafeAnalytics } from "../apps/cafe/analytics/deploy";
import { REAL_ACCESS_LINES as REAL } from "../apps/cafe/src/samples";
import { CAFE_PATHS, cafeTraffic, type CafeRequest } from "../apps/cafe/src/traffic";
import type { Settings } from "./settings";
import { NONE, type Shared, type SystemOutputs } from "./shared";

/** The access log's group: the seed's name, a contract with the agent, queries and subscribers. */
export const CAFE_ACCESS_LOG_GROUP = "apache/access";
/** Apache's error log's group. */
export const CAFE_ERROR_LOG_GROUP = "apache/error";
/** Namespace of the café's metric-filter metrics. */
export const CAFE_NAMESPACE = "Cafe";

/** The café system's own defaults (what `obskit:cafe` leaves unset), written once. */
export const CAFE_DEFAULTS = {
  /** The seed's 404 alarm: more than 5 in one minute. */
  notFound: { threshold: 5, periodSeconds: 60, evaluationPeriods: 1 },
  /** The seed's recommendation: any 5xx in a minute. */
  serverErrors: { threshold: 1, periodSeconds: 60, evaluationPeriods: 1 },
  /** Traffic but zero orders: at least this many requests a minute with no order click, for this many minutes. */
  zeroOrders: { requestFloor: 20, minutes: 10 },
} as const;

/** The nine fields of Apache's combined format, as space-delimited patterns name them. */
const FIELDS = [
  "ip",
  "ident",
  "user",
  "timestamp",
  "request",
  "status",
  "bytes",
  "referer",
  "agent",
] as const;
type Field = (typeof FIELDS)[number];

/** A combined-format pattern naming all nine fields, with conditions on some of them. */
export function combined(conditions: Partial<Record<Field, string>>): string {
  return `[${FIELDS.map((f) => (conditions[f] ? `${f} ${conditions[f]}` : f)).join(", ")}]`;
}

/** The request field of a path, with or without a query string (`"* /cafe/menu.php *"`). */
function requestFor(method: string, path: string): string {
  return `= "${method} ${path} *" || request = "${method} ${path}?*"`;
}

/**
 * Café-path samples come from the traffic generator (the real log has no café pages); everything
 * else — and every line a pattern must not match — is a real line of an Apache access log.
 */
let generated: CafeRequest[] | undefined;
function cafeLines(pred: (r: CafeRequest) => boolean, count = 3): string[] {
  generated ??= [...cafeTraffic({ seed: 1, count: 600, notFoundShare: 0.05, incidentAfterMinutes: 5 })];
  return generated
    .filter(pred)
    .slice(0, count)
    .map((r) => r.line);
}

const ALL_REAL = Object.entries(REAL)
  .filter(([k]) => k !== "truncated")
  .map(([, l]) => l);

/** The café's metric filters over the combined format (seed 001 and its dashboard). */
export function cafeMetricFilters(): MetricFilterSpec[] {
  const ns = CAFE_NAMESPACE;
  const menu = (r: CafeRequest) => r.path === CAFE_PATHS.menu;
  const order = (r: CafeRequest) => r.method === "POST" && r.path === CAFE_PATHS.order;
  return [
    {
      name: "Requests",
      pattern: combined({}),
      namespace: ns,
      samples: { match: [...ALL_REAL, ...cafeLines(() => true)], noMatch: ["", "not an access log line"] },
    },
    {
      name: "NotFound",
      metricName: "404-Errors",
      pattern: combined({ status: "= 404" }),
      namespace: ns,
      samples: {
        match: [REAL.notFound, REAL.notFoundNoBytes, REAL.post404, ...cafeLines((r) => r.status === 404, 1)],
        noMatch: [REAL.ok200, REAL.forbidden, REAL.rangeNotSatisfiable, REAL.serverErrorNoBytes],
      },
    },
    {
      name: "ClientErrors",
      pattern: combined({ status: "= 4*" }),
      namespace: ns,
      samples: {
        match: [REAL.notFound, REAL.forbidden, REAL.rangeNotSatisfiable, REAL.post404],
        noMatch: [REAL.ok200, REAL.notModified, REAL.movedPermanently, REAL.serverErrorOptions],
      },
    },
    {
      name: "ServerErrors",
      metricName: "5xx-Errors",
      pattern: combined({ status: "= 5*" }),
      namespace: ns,
      samples: {
        match: [REAL.serverErrorNoBytes, REAL.serverErrorOptions, ...cafeLines((r) => r.status === 500, 1)],
        noMatch: [REAL.ok200, REAL.notFound, REAL.partial, REAL.notModified],
      },
    },
    {
      name: "MenuServerErrors",
      pattern: combined({ request: requestFor("*", CAFE_PATHS.menu), status: "= 5*" }),
      namespace: ns,
      samples: {
        match: cafeLines((r) => menu(r) && r.status === 500),
        // a real 500 elsewhere, a real "menu" asset, the menu answering 200
        noMatch: [
          REAL.serverErrorNoBytes,
          REAL.serverErrorOptions,
          REAL.menuCss,
          ...cafeLines((r) => menu(r) && r.status === 200, 1),
        ],
      },
    },
    {
      name: "OrderClicks",
      pattern: combined({ request: requestFor("POST", CAFE_PATHS.order), status: "< 400" }),
      namespace: ns,
      samples: {
        match: cafeLines(order),
        noMatch: [REAL.post200, REAL.post404, REAL.ok200, ...cafeLines((r) => menu(r), 1)],
      },
    },
    {
      name: "BytesSent",
      // "-" (no body) is not a number, so it is not counted; the sum is the same
      pattern: combined({ bytes: ">= 0" }),
      namespace: ns,
      value: "$bytes",
      unit: "Bytes",
      samples: {
        match: [REAL.ok200, REAL.notFound, REAL.partial],
        noMatch: [REAL.notModified, REAL.serverErrorNoBytes, REAL.head200],
      },
    },
  ];
}

/** Saved Logs Insights queries over the access log (`apache/access`). */
export const CAFE_QUERIES: QuerySpec[] = [
  {
    // seed 001, verbatim in meaning: the agent ships raw lines, so the fields are parsed first
    name: "menu-500-investigation",
    query: [
      'parse @message /^(?<remoteIP>\\S+) \\S+ \\S+ \\[[^\\]]+\\] "(?<method>\\S+) (?<request>[^ ?"]+)[^"]*" (?<status>\\d{3})/',
      '| filter request = "/cafe/menu.php"',
      '| filter status = "500"',
      "| fields @timestamp, status, request, remoteIP",
      "| sort @timestamp desc",
      "| limit 20",
    ].join("\n"),
  },
  {
    name: "requests-and-errors-per-minute",
    query: [
      // one row per minute and status class (2xx, 3xx, 4xx, 5xx): requests and errors side by side
      'parse @message /" (?<statusClass>\\d)\\d\\d /',
      "| stats count(*) as requests by bin(1m) as minute, statusClass",
      "| sort minute desc, statusClass asc",
    ].join("\n"),
  },
  {
    name: "top-pages",
    query: [
      'parse @message /"\\S+ (?<path>[^ ?"]+)[^"]*" (?<status>\\d{3}) /',
      "| stats count(*) as requests by path",
      "| sort requests desc",
      "| limit 20",
    ].join("\n"),
  },
  {
    name: "top-client-ips",
    query: [
      "parse @message /^(?<remoteIP>\\S+) /",
      "| stats count(*) as requests by remoteIP",
      "| sort requests desc",
      "| limit 20",
    ].join("\n"),
  },
  {
    name: "status-distribution",
    query: [
      'parse @message /" (?<status>\\d{3}) /',
      "| stats count(*) as requests by status",
      "| sort status",
    ].join("\n"),
  },
  {
    name: "orders-per-minute",
    query: [
      `parse @message /"(?<method>\\S+) (?<path>[^ ?"]+)[^"]*" (?<status>\\d{3}) /`,
      `| filter method = "POST" and path = "${CAFE_PATHS.order}" and status < 400`,
      "| stats count(*) as orders by bin(1m)",
      "| sort bin(1m) desc",
    ].join("\n"),
  },
];

/** The café's "traffic but zero orders" alarm (the seed's silent 100% revenue loss). */
export function zeroOrdersAlarm(
  access: LogPipeline,
  c: { requestFloor: number; minutes: number },
): MetricMathAlarmSpec {
  return {
    name: "CafeTrafficWithoutOrders",
    metrics: { requests: access.metric("Requests"), orders: access.metric("OrderClicks") },
    expression: `IF(FILL(requests, 0) >= ${c.requestFloor} AND FILL(orders, 0) == 0, 1, 0)`,
    label: "traffic without orders",
    threshold: 1,
    comparison: ">=",
    evaluationPeriods: c.minutes,
    datapointsToAlarm: c.minutes,
    // no line at all in a minute gives the expression no value: a closed or unreachable café is not
    // "traffic without orders" (and is not what this alarm can see); such minutes do not count
    treatMissingData: "notBreaching",
    description: `The café served at least ${c.requestFloor} requests a minute for ${c.minutes} minutes in a row without a single order click (POST ${CAFE_PATHS.order}): customers are visiting but cannot order (seed 001: /cafe/menu.php answering 500).`,
  };
}

/**
 * Seed 001, the café: Apache on EC2 shipping its access and error logs through the CloudWatch
 * agent, metric filters on the combined format, the seed's 404 alarm, its recommended 5xx alarm and
 * the "traffic but zero orders" alarm the seed lacked, and the seed's saved queries.
 */
export function composeCafe(s: Settings, shared: Shared): SystemOutputs {
  const c = s.cafe;
  if (!c.enabled)
    return {
      outputs: {
        cafeInstanceId: NONE,
        cafeAgentConfigParameter: NONE,
        cafeArchiveBucketName: NONE,
        cafeAnalyticsFunctionName: NONE,
      },
    };

  // apache/access has at most two subscriptions (the CloudWatch Logs limit): the archive's Firehose
  // stream (`cafe-access-to-archive`) and the analytics function (`cafe-analytics-to-analytics`)
  const { enabled: archived, ...archive } = c.archive;
  const access = new LogPipeline("cafe-access", {
    logGroupName: CAFE_ACCESS_LOG_GROUP,
    ...shared.logDefaults,
    metricFilters: cafeMetricFilters(),
    queries: CAFE_QUERIES,
    queryFolder: "cafe",
    archive: archived ? archive : undefined,
  });
  const errors = new LogPipeline("cafe-errors", {
    logGroupName: CAFE_ERROR_LOG_GROUP,
    ...shared.logDefaults,
  });
  // geography and order volume by country: its own group `cafe/analytics` (records with `country`,
  // `city`, `path`, `status`) and saved queries `cafe/analytics/requests-by-country`, `…-by-city`
  const analytics = c.analytics.enabled
    ? new CafeAnalytics("cafe-analytics", {
        source: access,
        alerting: shared.alerting,
        logDefaults: shared.logDefaults,
        orderPath: CAFE_PATHS.order,
        tags: shared.tags,
      })
    : undefined;

  const { alerting } = shared;
  const notFound = { ...CAFE_DEFAULTS.notFound, ...c.notFoundAlarm };
  alerting.addAlarm(
    {
      name: "Cafe404Errors",
      metric: access.metric("NotFound").with({ periodSeconds: notFound.periodSeconds }),
      threshold: notFound.threshold,
      // the seed: "errors > 5 within 1 minute"
      comparison: ">",
      evaluationPeriods: notFound.evaluationPeriods,
      datapointsToAlarm: notFound.datapointsToAlarm,
      // the filter publishes 0 for lines that are not 404s; a minute without any line has no 404s
      treatMissingData: "notBreaching",
      description: `More than ${notFound.threshold} requests answered 404 in ${notFound.periodSeconds}s on the café (broken links, a removed page, or a scan).`,
    },
    { parent: access },
  );
  const serverErrors = { ...CAFE_DEFAULTS.serverErrors, ...c.serverErrorAlarm };
  alerting.addAlarm(
    {
      name: "Cafe5xxErrors",
      metric: access.metric("ServerErrors").with({ periodSeconds: serverErrors.periodSeconds }),
      threshold: serverErrors.threshold,
      comparison: ">=",
      evaluationPeriods: serverErrors.evaluationPeriods,
      datapointsToAlarm: serverErrors.datapointsToAlarm,
      // a minute without log lines served no errors; an instance that stopped logging is caught by
      // the zero-orders alarm only while traffic is seen, so silence is deliberately not an alarm here
      treatMissingData: "notBreaching",
      description: `At least ${serverErrors.threshold} request(s) answered 5xx in ${serverErrors.periodSeconds}s on the café (seed 001's recommendation: e-mail on HTTP 500s). Start with the saved query cafe/menu-500-investigation.`,
    },
    { parent: access },
  );
  alerting.addAlarm(zeroOrdersAlarm(access, { ...CAFE_DEFAULTS.zeroOrders, ...c.zeroOrdersAlarm }), {
    parent: access,
  });

  const server = new CafeServer("cafe", {
    accessLogGroupName: CAFE_ACCESS_LOG_GROUP,
    accessLogGroupArn: access.logGroupArn,
    errorLogGroupName: CAFE_ERROR_LOG_GROUP,
    errorLogGroupArn: errors.logGroupArn,
    agentConfigParameterName: `/${shared.prefix}/cafe/amazon-cloudwatch-agent`,
    instanceType: c.instanceType,
    rootVolumeGb: c.rootVolumeGb,
    httpCidrs: c.httpCidrs,
    httpSourceSecurityGroupId: c.httpSourceSecurityGroupId,
    tags: shared.tags,
  });

  return {
    logGroups: {
      cafeAccess: access,
      cafeErrors: errors,
      ...(analytics ? { cafeAnalytics: analytics.logs } : {}),
    },
    kmsKeyArns: {
      cafeAccessLogs: access.kmsKeyArn,
      cafeErrorLogs: errors.kmsKeyArn,
      ...(analytics ? { cafeAnalyticsLogs: analytics.logs.kmsKeyArn } : {}),
    },
    outputs: {
      cafeInstanceId: server.instanceId,
      cafeAgentConfigParameter: server.agentConfigParameterName,
      cafeArchiveBucketName: access.archive ? access.archive.bucketName : NONE,
      cafeAnalyticsFunctionName: analytics ? analytics.functionName : NONE,
    },
  };
}
