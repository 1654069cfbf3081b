import type * as aws from "@pulumi/aws";
import {
  Dashboard,
  LogPipeline,
  type DashboardSection,
  type MetricFilterSpec,
  type MetricMathAlarmSpec,
  type QuerySpec,
} from "../components";
import { CafeServer } from "../apps/cafe/deploy";
import { CafeAnalytics } from "../apps/cafe/analytics/deploy";
import { REAL_ACCESS_LINES as REAL } from "../apps/cafe/src/samples";
import { CAFE_PATHS, cafeTraffic, type CafeRequest } from "../apps/cafe/src/traffic";
import { CAFE_ANALYTICS_NAMESPACE, COUNTRY_DIMENSION, MetricName } from "../apps/cafe/analytics/contract";
import type { Settings } from "./settings";
import { NONE, type Shared, type SystemOutputs } from "./shared";

/** The access log's group: the design's name, a contract with the agent, queries and subscribers. */
export const CAFE_ACCESS_LOG_GROUP = "apache/access";
/** Apache's error log's group. */
export const CAFE_ERROR_LOG_GROUP = "apache/error";
/** Namespace of the café's metric-filter metrics. */
export const CAFE_NAMESPACE = "Cafe";

/** The café system's own defaults (what `obskit:cafe` leaves unset), written once. */
export const CAFE_DEFAULTS = {
  /** The design's 404 alarm: more than 5 in one minute. */
  notFound: { threshold: 5, periodSeconds: 60, evaluationPeriods: 1 },
  /** The design's recommendation: any 5xx in a minute. */
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

/**
 * A combined-format line with its status and/or bytes field rewritten (the fields right after the
 * quoted request): a real line at a value around a filter's threshold.
 */
function rewritten(line: string, fields: { status?: number; bytes?: number }): string {
  const m = /^(.*? \[[^\]]*\] "[^"]*" )(\S+) (\S+)( .*)$/.exec(line);
  if (!m) throw new Error(`not a combined-format line: ${line}`);
  return `${m[1]}${fields.status ?? m[2]} ${fields.bytes ?? m[3]}${m[4]}`;
}

/** One step below, at and above a threshold: where samples must sit to pin it. */
const around = (threshold: number): number[] => [threshold - 1, threshold, threshold + 1];

/** `line` at each value of `field` around `threshold`, split by `holds` (what the filter means). */
function pinned(
  line: string,
  field: "status" | "bytes",
  threshold: number,
  holds: (v: number) => boolean,
): { match: string[]; noMatch: string[] } {
  const values = around(threshold);
  const at = (v: number) => rewritten(line, { [field]: v });
  return { match: values.filter(holds).map(at), noMatch: values.filter((v) => !holds(v)).map(at) };
}

/** Samples with the lines around a threshold added. */
function plus(
  samples: { match: string[]; noMatch: string[] },
  near: { match: string[]; noMatch: string[] },
): { match: string[]; noMatch: string[] } {
  return { match: [...samples.match, ...near.match], noMatch: [...samples.noMatch, ...near.noMatch] };
}

const ALL_REAL = Object.entries(REAL)
  .filter(([k]) => k !== "truncated")
  .map(([, l]) => l);

/** The café's metric filters over the combined format (from its design and its dashboard). */
export function cafeMetricFilters(): MetricFilterSpec[] {
  const ns = CAFE_NAMESPACE;
  const menu = (r: CafeRequest) => r.path === CAFE_PATHS.menu;
  const order = (r: CafeRequest) => r.method === "POST" && r.path === CAFE_PATHS.order;
  return [
    {
      name: "Requests",
      pattern: combined({}),
      namespace: ns,
      // the truncated real line (its user agent never closes) is malformed: no request
      samples: {
        match: [...ALL_REAL, ...cafeLines(() => true)],
        noMatch: ["", "not an access log line", REAL.truncated],
      },
    },
    {
      name: "NotFound",
      metricName: "404-Errors",
      pattern: combined({ status: "= 404" }),
      namespace: ns,
      samples: plus(
        {
          match: [
            REAL.notFound,
            REAL.notFoundNoBytes,
            REAL.post404,
            ...cafeLines((r) => r.status === 404, 1),
          ],
          noMatch: [REAL.ok200, REAL.forbidden, REAL.rangeNotSatisfiable, REAL.serverErrorNoBytes],
        },
        pinned(REAL.notFound, "status", 404, (v) => v === 404),
      ),
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
      samples: plus(
        {
          match: cafeLines(order),
          noMatch: [REAL.post200, REAL.post404, REAL.ok200, ...cafeLines((r) => menu(r), 1)],
        },
        pinned(cafeLines(order, 1)[0], "status", 400, (v) => v < 400),
      ),
    },
    {
      name: "BytesSent",
      // "-" (no body) is not a number, so it is not counted; the sum is the same
      pattern: combined({ bytes: ">= 0" }),
      namespace: ns,
      value: "$bytes",
      unit: "Bytes",
      samples: plus(
        {
          match: [REAL.ok200, REAL.notFound, REAL.partial],
          noMatch: [REAL.notModified, REAL.serverErrorNoBytes, REAL.head200],
        },
        pinned(REAL.ok200, "bytes", 0, (v) => v >= 0),
      ),
    },
  ];
}

/** Saved Logs Insights queries over the access log (`apache/access`). */
export const CAFE_QUERIES: QuerySpec[] = [
  {
    // the café, verbatim in meaning: the agent ships raw lines, so the fields are parsed first
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

/** The café's "traffic but zero orders" alarm (the design's silent 100% revenue loss). */
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
    description: `The café served at least ${c.requestFloor} requests a minute for ${c.minutes} minutes in a row without a single order click (POST ${CAFE_PATHS.order}): customers are visiting but cannot order (the café: /cafe/menu.php answering 500).`,
  };
}

/** Each series of a per-country search is labelled with its country (a CloudWatch dynamic label). */
const COUNTRY_LABEL = `\${PROP('Dim.${COUNTRY_DIMENSION}')}`;

/** What the café dashboard reads besides the access log's pipeline. */
export interface CafeDashboardInputs {
  /** The 404 and 5xx alarms (their thresholds are drawn on the graphs). */
  notFound: aws.cloudwatch.MetricAlarm;
  serverErrors: aws.cloudwatch.MetricAlarm;
  /** The traffic-but-no-orders alarm and its spec (the metric-math expression it evaluates). */
  zeroOrders: { alarm: aws.cloudwatch.MetricAlarm; spec: MetricMathAlarmSpec };
  /** Other café alarms shown in the status grid (the analytics' dead letters). */
  others: (aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm)[];
  /** The analytics' log group (saved geography queries) and its `service` dimension, when deployed. */
  analytics?: { logs: LogPipeline; serviceName: string };
}

/**
 * The café's business dashboard: traffic and errors (404 and 5xx against their alarms, menu.php
 * errors, bytes sent), orders with the traffic-but-no-orders alarm and the expression it evaluates,
 * the geography (traffic and orders by country from the analytics' per-country metrics, top
 * cities from its saved query) and the design's menu.php investigation.
 */
export function cafeDashboard(access: LogPipeline, x: CafeDashboardInputs): DashboardSection[] {
  const m = (name: string) => access.metric(name);
  const q = access.queries;
  const zero = x.zeroOrders.spec;
  const sections: DashboardSection[] = [
    {
      title: "Traffic & errors",
      description: "Requests, 404 and 5xx responses against their alarms, menu.php errors and bytes sent.",
      widgets: [
        {
          kind: "graph",
          title: "Last minute",
          metrics: [m("Requests"), m("OrderClicks"), m("NotFound"), m("ServerErrors")],
          view: "singleValue",
          sparkline: true,
          width: 24,
          height: 4,
        },
        {
          kind: "graph",
          title: "Requests by status class",
          metrics: [m("Requests"), m("ClientErrors"), m("ServerErrors")],
          width: 12,
        },
        {
          kind: "graph",
          title: "Bytes sent",
          metrics: [m("BytesSent").with({ statistic: "Sum" })],
          yAxis: { left: { min: 0, label: "bytes", showUnits: false } },
          width: 12,
        },
        { kind: "graph", title: "404 errors", metrics: [m("NotFound")], alarmThresholds: [x.notFound] },
        {
          kind: "graph",
          title: "5xx errors",
          metrics: [m("ServerErrors")],
          alarmThresholds: [x.serverErrors],
        },
        {
          kind: "graph",
          title: `${CAFE_PATHS.menu} errors (5xx)`,
          metrics: [m("MenuServerErrors")],
          view: "bar",
        },
      ],
    },
    {
      title: "Orders",
      description: `Order clicks (POST ${CAFE_PATHS.order}) and the alarm for traffic without orders — the design's silent revenue loss.`,
      widgets: [
        { kind: "graph", title: "Order volume", metrics: [m("OrderClicks")], view: "bar" },
        {
          kind: "graph",
          title: "Traffic without orders (alarm condition)",
          metrics: [
            ...Object.entries(zero.metrics).map(([id, metric]) => ({ metric, id, visible: false })),
            { expression: zero.expression, id: "condition", label: zero.label ?? "traffic without orders" },
          ],
          alarmThresholds: [x.zeroOrders.alarm],
          yAxis: { left: { min: 0, max: 1.5, showUnits: false } },
        },
        {
          kind: "alarms",
          title: "Café alarms",
          alarms: [x.zeroOrders.alarm, x.notFound, x.serverErrors, ...x.others],
          width: 8,
          height: 6,
        },
        { kind: "query", title: "Orders per minute (Logs Insights)", query: q["orders-per-minute"] },
        {
          kind: "query",
          title: "Requests and errors per minute",
          query: q["requests-and-errors-per-minute"],
        },
      ],
    },
  ];
  if (x.analytics) {
    const a = x.analytics;
    const byCountry = (metric: string) =>
      `SEARCH('{${CAFE_ANALYTICS_NAMESPACE},service,${COUNTRY_DIMENSION}} MetricName="${metric}" service="${a.serviceName}"', 'Sum', 300)`;
    sections.push({
      title: "Geography",
      description:
        "Where the visitors and orders come from (café analytics, per-country metrics and saved queries). This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com.",
      widgets: [
        {
          kind: "graph",
          title: "Traffic by country",
          metrics: [{ expression: byCountry(MetricName.Requests), id: "requests", label: COUNTRY_LABEL }],
          view: "stackedArea",
          period: 300,
          width: 12,
        },
        {
          kind: "graph",
          title: "Orders by country",
          metrics: [{ expression: byCountry(MetricName.OrderClicks), id: "orders", label: COUNTRY_LABEL }],
          view: "bar",
          period: 300,
          width: 12,
        },
        {
          kind: "query",
          title: "Requests by country",
          query: a.logs.queries["requests-by-country"],
          view: "pie",
          width: 8,
        },
        { kind: "query", title: "Top cities", query: a.logs.queries["requests-by-city"], width: 8 },
        { kind: "query", title: "Orders by country", query: a.logs.queries["orders-by-country"], width: 8 },
      ],
    });
  }
  sections.push({
    title: "Investigation",
    description: `The design's ${CAFE_PATHS.menu} 500 investigation, the busiest pages and clients.`,
    widgets: [
      { kind: "query", title: `${CAFE_PATHS.menu} 500s`, query: q["menu-500-investigation"], width: 24 },
      { kind: "query", title: "Top pages", query: q["top-pages"] },
      { kind: "query", title: "Top client IPs", query: q["top-client-ips"] },
    ],
  });
  return sections;
}

/**
 * The café, the café: Apache on EC2 shipping its access and error logs through the CloudWatch
 * agent, metric filters on the combined format, the design's 404 alarm, its recommended 5xx alarm and
 * the "traffic but zero orders" alarm its design lacked, and the design's saved queries.
 */
export function composeCafe(
  s: Settings,
  shared: Shared,
): SystemOutputs<
  "cafeInstanceId" | "cafeAgentConfigParameter" | "cafeArchiveBucketName" | "cafeAnalyticsFunctionName"
> {
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
  const notFoundAlarm = alerting.addAlarm(
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
  const serverErrorAlarm = alerting.addAlarm(
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
      description: `At least ${serverErrors.threshold} request(s) answered 5xx in ${serverErrors.periodSeconds}s on the café (the café's recommendation: e-mail on HTTP 500s). Start with the saved query cafe/menu-500-investigation.`,
    },
    { parent: access },
  );
  const zeroOrders = zeroOrdersAlarm(access, { ...CAFE_DEFAULTS.zeroOrders, ...c.zeroOrdersAlarm });
  const zeroOrdersMetricAlarm = alerting.addAlarm(zeroOrders, { parent: access });
  const analyticsDeadLetters = analytics?.deadLetterAlarm;
  const dashboard = new Dashboard("cafe-dashboard", {
    dashboardName: `${shared.prefix}-cafe`,
    sections: cafeDashboard(access, {
      notFound: notFoundAlarm,
      serverErrors: serverErrorAlarm,
      zeroOrders: { alarm: zeroOrdersMetricAlarm, spec: zeroOrders },
      others: analyticsDeadLetters ? [analyticsDeadLetters] : [],
      analytics: analytics ? { logs: analytics.logs, serviceName: analytics.serviceName } : undefined,
    }),
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
    dashboards: { cafe: dashboard },
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
