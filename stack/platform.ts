import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  Dashboard,
  LogPipeline,
  LogsKey,
  Metric,
  type AlarmSpec,
  type DashboardSection,
  type GraphSeries,
} from "../components";
import { toLogGroupNameCharacters } from "../components/names";
import type { Settings } from "./settings";
import type { Shared, SystemOutputs } from "./shared";

type Threshold = NonNullable<NonNullable<Settings["platform"]["lambda"]>["errors"]>;

/**
 * The platform monitoring module's defaults, written once: retention by stage, the four alarms' thresholds (the
 * design's table), and the log groups AWS services write to by default.
 */
export const PLATFORM_DEFAULTS = {
  /** Retention of the platform's log groups by stage, unless `obskit:platform.logRetentionDays`. */
  retentionDays: { dev: 7, staging: 14, prod: 30 },
  /** Lambda `Errors` > 10 in 5 minutes, per function. */
  lambdaErrors: { threshold: 10, periodSeconds: 300 },
  /** API Gateway `5XXError` > 5 in 5 minutes. */
  apiGateway5xx: { threshold: 5, periodSeconds: 300 },
  /** DMS `CDCLatencyTarget` > 300 seconds (5 minutes), the worst value of a 5-minute period. */
  dmsCdcLatency: { threshold: 300, periodSeconds: 300 },
  /** Where AWS Batch jobs log unless their job definition says otherwise. */
  batchLogGroup: "/aws/batch/job",
} as const;

/** The platform monitoring module's API Gateway log group: `/aws/apigateway/<api name>`. */
export const apiGatewayLogGroup = (apiName: string): string =>
  `/aws/apigateway/${toLogGroupNameCharacters(apiName)}`;

function thresholdAlarm(
  name: string,
  metric: Metric,
  c: Threshold | undefined,
  defaults: { threshold: number; periodSeconds: number },
  description: string,
): AlarmSpec {
  return {
    name,
    metric: metric.with({ periodSeconds: c?.periodSeconds ?? defaults.periodSeconds }),
    threshold: c?.threshold ?? defaults.threshold,
    comparison: ">",
    evaluationPeriods: c?.evaluationPeriods,
    datapointsToAlarm: c?.datapointsToAlarm,
    treatMissingData: "notBreaching",
    description,
  };
}

/**
 * The platform monitoring module: its centralized log groups (the Lambda services,
 * Batch jobs, API Gateway; the trail's group belongs to the audit system) as LogPipelines sharing
 * one logs key, and its four alarms on the AWS services' native metrics, notifying the stack's
 * alert topic — Lambda errors, API Gateway 5xx and DMS replication lag as CloudWatch alarms, and
 * any Batch job failure as an EventBridge rule (Batch publishes no job-state metric). Which services
 * exist, and their identifiers, is config: a stack without DMS declares no DMS alarm.
 */
export function composePlatform(
  s: Settings,
  shared: Shared,
): SystemOutputs<"platformAlarmNames" | "platformLogGroupNames" | "platformBatchFailureRule"> {
  const p = s.platform;
  if (!p.enabled)
    return { outputs: { platformAlarmNames: {}, platformLogGroupNames: {}, platformBatchFailureRule: "" } };
  const retentionInDays = p.logRetentionDays ?? PLATFORM_DEFAULTS.retentionDays[s.environment];
  const tags = { ...shared.tags, "obskit:system": "platform" };
  const name = (suffix: string) => `${shared.prefix}-platform-${suffix}`;

  // the centralized log groups: key in logGroupNames → group name
  const groups: Record<string, string> = {};
  for (const fn of p.lambda?.functions ?? []) groups[`platform-lambda-${fn}`] = `/aws/lambda/${fn}`;
  if (p.batch) groups["platform-batch"] = p.batch.logGroup ?? PLATFORM_DEFAULTS.batchLogGroup;
  if (p.apiGateway)
    groups["platform-apigateway"] = p.apiGateway.logGroup ?? apiGatewayLogGroup(p.apiGateway.apiName);

  const logGroups: Record<string, LogPipeline> = {};
  let kmsKeyArns: Record<string, pulumi.Input<string>> = {};
  if (Object.keys(groups).length > 0) {
    // one key for the platform's groups, usable by CloudWatch Logs for exactly these names
    const key = new LogsKey("platform-logs-key", {
      logGroupNames: Object.values(groups),
      description: "obskit: platform log groups (the platform monitoring module)",
      protect: s.protect,
      tags,
    });
    kmsKeyArns = { platformLogs: key.arn };
    for (const [k, logGroupName] of Object.entries(groups))
      logGroups[k] = new LogPipeline(k, {
        logGroupName,
        ...shared.logDefaults,
        retentionInDays,
        kmsKeyArn: key.arn,
        tags,
      });
  }

  const { alerting } = shared;
  const alarms: Record<string, pulumi.Output<string>> = {};
  const alarmObjects: Record<string, aws.cloudwatch.MetricAlarm> = {};
  const add = (key: string, spec: AlarmSpec) => {
    alarmObjects[key] = alerting.addAlarm(spec, { key });
    alarms[key] = alerting.alarmNames[key];
  };

  for (const fn of p.lambda?.functions ?? [])
    add(
      `PlatformLambdaErrors-${fn}`,
      thresholdAlarm(
        `platform-lambda-errors-${fn}`,
        new Metric({ namespace: "AWS/Lambda", name: "Errors", dimensions: { FunctionName: fn } }),
        p.lambda?.errors,
        PLATFORM_DEFAULTS.lambdaErrors,
        `Lambda ${fn}: more invocation errors than the threshold in the period (the platform monitoring module).`,
      ),
    );

  if (p.apiGateway)
    add(
      "PlatformApiGateway5xx",
      thresholdAlarm(
        "platform-apigateway-5xx",
        // REST APIs publish 5XXError by ApiName and Stage
        new Metric({
          namespace: "AWS/ApiGateway",
          name: "5XXError",
          dimensions: { ApiName: p.apiGateway.apiName, Stage: p.apiGateway.stage },
        }),
        p.apiGateway.errors5xx,
        PLATFORM_DEFAULTS.apiGateway5xx,
        `API ${p.apiGateway.apiName} (${p.apiGateway.stage}): more 5xx responses than the threshold in the period (the platform monitoring module).`,
      ),
    );

  if (p.dms)
    add(
      "PlatformDmsCdcLatency",
      thresholdAlarm(
        "platform-dms-cdc-latency",
        // CDCLatencyTarget: seconds from a change's commit on the source to its apply on the target,
        // the lag readers of the target see (it includes CDCLatencySource, the capture side only).
        new Metric({
          namespace: "AWS/DMS",
          name: "CDCLatencyTarget",
          dimensions: {
            ReplicationInstanceIdentifier: p.dms.replicationInstanceId,
            ReplicationTaskIdentifier: p.dms.replicationTaskId,
          },
          statistic: "Maximum",
          unit: "Seconds",
        }),
        p.dms.cdcLatency,
        PLATFORM_DEFAULTS.dmsCdcLatency,
        `DMS task ${p.dms.replicationTaskId}: replication lag (CDCLatencyTarget) above the threshold in seconds (the platform monitoring module).`,
      ),
    );

  let batchRule: pulumi.Output<string> | string = "";
  let batchEventRule: aws.cloudwatch.EventRule | undefined;
  if (p.batch) {
    const identity = aws.getCallerIdentityOutput({});
    const region = aws.getRegionOutput({});
    const partition = aws.getPartitionOutput({});
    const queues = p.batch.jobQueues;
    const pattern = pulumi
      .all([identity.accountId, region.region, partition.partition])
      .apply(([account, r, part]) =>
        JSON.stringify({
          source: ["aws.batch"],
          "detail-type": ["Batch Job State Change"],
          detail: {
            status: ["FAILED"],
            // the event names the queue by ARN; unset: every queue of the account and region
            ...(queues
              ? {
                  jobQueue: queues.map((q) =>
                    q.startsWith("arn:") ? q : `arn:${part}:batch:${r}:${account}:job-queue/${q}`,
                  ),
                }
              : {}),
          },
        }),
      );
    const rule = new aws.cloudwatch.EventRule("platform-batch-job-failed", {
      name: name("batch-job-failed"),
      description:
        "Any AWS Batch job of the platform FAILED (the platform monitoring module): notifies the alert topic.",
      eventPattern: pattern,
      tags,
    });
    alerting.addEventRule("PlatformBatchJobFailed", rule, {
      parent: rule,
      inputTransformer: {
        inputPaths: {
          job: "$.detail.jobName",
          id: "$.detail.jobId",
          queue: "$.detail.jobQueue",
          reason: "$.detail.statusReason",
        },
        inputTemplate: '"AWS Batch job <job> (<id>) on <queue> FAILED: <reason>"',
      },
    });
    batchRule = rule.name;
    batchEventRule = rule;
  }

  const sections = platformDashboards(p, {
    logGroups,
    lambdaErrors: (p.lambda?.functions ?? []).map((fn) => alarmObjects[`PlatformLambdaErrors-${fn}`]),
    api5xx: alarmObjects.PlatformApiGateway5xx,
    dmsLatency: alarmObjects.PlatformDmsCdcLatency,
    batchRule: batchEventRule,
  });
  const dashboards: Record<string, Dashboard> = {};
  if (sections.api.length > 0)
    dashboards.platformApi = new Dashboard("platform-api-dashboard", {
      dashboardName: name("api-performance"),
      sections: sections.api,
    });
  if (sections.dataPipeline.length > 0)
    dashboards.platformDataPipeline = new Dashboard("platform-data-pipeline-dashboard", {
      dashboardName: name("data-pipeline"),
      sections: sections.dataPipeline,
    });

  return {
    logGroups,
    kmsKeyArns,
    dashboards,
    outputs: {
      platformAlarmNames: alarms,
      platformLogGroupNames: Object.fromEntries(
        Object.entries(logGroups).map(([k, l]) => [k, l.logGroupName]),
      ),
      platformBatchFailureRule: batchRule,
    },
  };
}

/** The design's query for recent errors ("Find Lambda errors"), over a set of the platform's groups. */
export const PLATFORM_ERRORS_QUERY =
  "fields @timestamp, @log, @message\n| filter @message like /ERROR/\n| sort @timestamp desc\n| limit 50";

/** What the platform's dashboards read: its pipelines, alarms and the Batch failure rule. */
export interface PlatformDashboardInputs {
  /** The platform's log pipelines by key (`platform-lambda-<fn>`, `platform-batch`, `platform-apigateway`). */
  logGroups: Record<string, LogPipeline>;
  /** The Lambda error alarms, one per function, in the config's order. */
  lambdaErrors: aws.cloudwatch.MetricAlarm[];
  /** The API Gateway 5xx alarm, when an API is configured. */
  api5xx?: aws.cloudwatch.MetricAlarm;
  /** The DMS replication-lag alarm, when DMS is configured. */
  dmsLatency?: aws.cloudwatch.MetricAlarm;
  /** The Batch job-failure rule, when Batch is configured. */
  batchRule?: aws.cloudwatch.EventRule;
}

/**
 * The platform monitoring module's "API performance" and "data pipeline" dashboards, for what the config declares: the
 * API stage's requests, errors and latency, the functions' invocations, errors, throttles and
 * duration, the DMS task's CDC latency and throughput, the Batch failure rule's matches and
 * deliveries, Logs Insights over the platform's groups, and the platform alarms' status. A service
 * the config does not name has no widget (and a dashboard with none is not created). Every native
 * metric names a resource an alarm of the stack watches (policy rule dashboard-references-declared).
 */
export function platformDashboards(
  p: Settings["platform"],
  x: PlatformDashboardInputs,
): { api: DashboardSection[]; dataPipeline: DashboardSection[] } {
  // the design's 5-minute metric intervals: the alarms' period too
  const period = 300;
  const api: DashboardSection[] = [];
  if (p.apiGateway && x.api5xx) {
    const dims = { ApiName: p.apiGateway.apiName, Stage: p.apiGateway.stage };
    const m = (name: string, statistic: "Sum" | "Average" | "p99" = "Sum", label?: string) =>
      new Metric({ namespace: "AWS/ApiGateway", name, dimensions: dims, statistic, label });
    const logs = x.logGroups["platform-apigateway"];
    api.push({
      title: `API Gateway: ${p.apiGateway.apiName} (${p.apiGateway.stage})`,
      description: "Requests, client and server errors against the 5xx alarm, total and integration latency.",
      widgets: [
        { kind: "graph", title: "Requests", metrics: [m("Count", "Sum", "requests")], period },
        {
          kind: "graph",
          title: "4xx and 5xx errors",
          metrics: [m("4XXError", "Sum", "4xx"), m("5XXError", "Sum", "5xx")],
          alarmThresholds: [x.api5xx],
          period,
        },
        {
          kind: "graph",
          title: "Latency (ms)",
          metrics: [
            m("Latency", "Average", "latency average"),
            m("Latency", "p99", "latency p99"),
            m("IntegrationLatency", "Average", "integration average"),
            m("IntegrationLatency", "p99", "integration p99"),
          ],
          yAxis: { left: { min: 0, label: "ms", showUnits: false } },
          period,
        },
        ...(logs
          ? [
              {
                kind: "query" as const,
                title: "Recent API errors",
                queryString: PLATFORM_ERRORS_QUERY,
                logs: [logs],
                width: 24,
                newRow: true,
              },
            ]
          : []),
      ],
    });
  }
  const functions = p.lambda?.functions ?? [];
  if (functions.length > 0) {
    const perFunction = (name: string, statistic: "Sum" | "p99" | "Maximum"): GraphSeries[] =>
      functions.map((fn) => ({
        metric: new Metric({
          namespace: "AWS/Lambda",
          name,
          dimensions: { FunctionName: fn },
          statistic,
        }),
        label: fn,
      }));
    const lambdaLogs = functions
      .map((fn) => x.logGroups[`platform-lambda-${fn}`])
      .filter((l): l is LogPipeline => l !== undefined);
    api.push({
      title: "Lambda functions",
      description: `Invocations, errors (each function's alarm fires above the line), throttles and duration of the ${functions.length} services.`,
      widgets: [
        {
          kind: "graph",
          title: "Invocations",
          metrics: perFunction("Invocations", "Sum"),
          period,
          width: 12,
          height: 8,
        },
        {
          kind: "graph",
          title: "Errors",
          metrics: perFunction("Errors", "Sum"),
          // every function's alarm has the same threshold (obskit:platform.lambda.errors): one line
          alarmThresholds: x.lambdaErrors.slice(0, 1),
          period,
          width: 12,
          height: 8,
        },
        {
          kind: "graph",
          title: "Throttles",
          metrics: perFunction("Throttles", "Sum"),
          period,
          width: 12,
          height: 8,
        },
        {
          kind: "graph",
          title: "Duration p99 (ms)",
          metrics: perFunction("Duration", "p99"),
          yAxis: { left: { min: 0, label: "ms", showUnits: false } },
          period,
          width: 12,
          height: 8,
        },
        ...(lambdaLogs.length > 0
          ? [
              {
                kind: "query" as const,
                title: "Recent Lambda errors",
                queryString: PLATFORM_ERRORS_QUERY,
                logs: lambdaLogs,
                width: 24,
              },
            ]
          : []),
      ],
    });
  }
  const apiAlarms = [...x.lambdaErrors, ...(x.api5xx ? [x.api5xx] : [])];
  if (apiAlarms.length > 0)
    api.push({
      title: "Alarms",
      widgets: [
        {
          kind: "alarms",
          title: "Platform alarms (API and Lambda)",
          alarms: apiAlarms,
          width: 24,
          height: 2 + Math.ceil(apiAlarms.length / 2),
        },
      ],
    });

  const dataPipeline: DashboardSection[] = [];
  if (p.dms && x.dmsLatency) {
    const dims = {
      ReplicationInstanceIdentifier: p.dms.replicationInstanceId,
      ReplicationTaskIdentifier: p.dms.replicationTaskId,
    };
    const m = (name: string, statistic: "Sum" | "Average" | "Maximum", label: string) =>
      new Metric({ namespace: "AWS/DMS", name, dimensions: dims, statistic, label });
    dataPipeline.push({
      title: `DMS replication: ${p.dms.replicationTaskId}`,
      description:
        "Change-data-capture latency against the replication-lag alarm, throughput and incoming changes.",
      widgets: [
        {
          kind: "graph",
          title: "CDC latency (s)",
          metrics: [m("CDCLatencySource", "Maximum", "source"), m("CDCLatencyTarget", "Maximum", "target")],
          alarmThresholds: [x.dmsLatency],
          yAxis: { left: { min: 0, label: "s", showUnits: false } },
          period,
        },
        {
          kind: "graph",
          title: "CDC throughput (rows/s)",
          metrics: [
            m("CDCThroughputRowsSource", "Average", "source"),
            m("CDCThroughputRowsTarget", "Average", "target"),
          ],
          period,
        },
        {
          kind: "graph",
          title: "Changes waiting to be applied",
          metrics: [m("CDCIncomingChanges", "Maximum", "incoming changes")],
          period,
        },
        { kind: "alarms", title: "Replication lag alarm", alarms: [x.dmsLatency], width: 24 },
      ],
    });
  }
  if (p.batch && x.batchRule) {
    const rule = (name: string, label: string) =>
      new Metric({
        namespace: "AWS/Events",
        name,
        dimensions: { RuleName: x.batchRule!.name },
        statistic: "Sum",
        label,
      });
    const logs = x.logGroups["platform-batch"];
    dataPipeline.push({
      title: "Batch jobs",
      description:
        "AWS Batch publishes no job-state metrics: failures are counted by the FAILED-job rule, which notifies the alert topic.",
      widgets: [
        {
          kind: "graph",
          title: "Failed jobs (rule matches)",
          metrics: [rule("TriggeredRules", "failed jobs")],
          view: "bar",
          period,
          width: 12,
        },
        {
          kind: "graph",
          title: "Failure notifications not delivered",
          metrics: [rule("FailedInvocations", "undelivered")],
          period,
          width: 12,
        },
        ...(logs
          ? [
              {
                kind: "query" as const,
                title: "Recent Batch job errors",
                queryString: PLATFORM_ERRORS_QUERY,
                logs: [logs],
                width: 24,
              },
            ]
          : []),
      ],
    });
  }
  return { api, dataPipeline };
}
