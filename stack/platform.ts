import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogPipeline, LogsKey, Metric, type AlarmSpec } from "../components";
import type { Settings } from "./settings";
import type { Shared, SystemOutputs } from "./shared";

type Threshold = NonNullable<NonNullable<Settings["platform"]["lambda"]>["errors"]>;

/**
 * Seed 003's platform defaults, written once: retention by stage, the four alarms' thresholds (the
 * seed's table), and the log groups AWS services write to by default.
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

/** Seed 003's API Gateway log group: `/aws/apigateway/<api name>`. */
export const apiGatewayLogGroup = (apiName: string): string =>
  `/aws/apigateway/${apiName.replace(/[^.\-_/#A-Za-z0-9]/g, "-")}`;

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
 * Seed 003, the platform's monitoring module: its centralized log groups (the Lambda services,
 * Batch jobs, API Gateway; the trail's group belongs to the audit system) as LogPipelines sharing
 * one logs key, and its four alarms on the AWS services' native metrics, notifying the stack's
 * alert topic — Lambda errors, API Gateway 5xx and DMS replication lag as CloudWatch alarms, and
 * any Batch job failure as an EventBridge rule (Batch publishes no job-state metric). Which services
 * exist, and their identifiers, is config: a stack without DMS declares no DMS alarm.
 */
export function composePlatform(s: Settings, shared: Shared): SystemOutputs {
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
      description: "obskit: platform log groups (seed 003)",
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
  const add = (key: string, spec: AlarmSpec) => {
    alerting.addAlarm(spec, { key });
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
        `Lambda ${fn}: more invocation errors than the threshold in the period (seed 003).`,
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
        `API ${p.apiGateway.apiName} (${p.apiGateway.stage}): more 5xx responses than the threshold in the period (seed 003).`,
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
        `DMS task ${p.dms.replicationTaskId}: replication lag (CDCLatencyTarget) above the threshold in seconds (seed 003).`,
      ),
    );

  let batchRule: pulumi.Output<string> | string = "";
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
      description: "Any AWS Batch job of the platform FAILED (seed 003): notifies the alert topic.",
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
  }

  return {
    logGroups,
    kmsKeyArns,
    outputs: {
      platformAlarmNames: alarms,
      platformLogGroupNames: Object.fromEntries(
        Object.entries(logGroups).map(([k, l]) => [k, l.logGroupName]),
      ),
      platformBatchFailureRule: batchRule,
    },
  };
}
