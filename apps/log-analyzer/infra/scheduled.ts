import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { logWriteStatement, Metric, policy, putMetricDataStatement, toJson } from "../../../components";
import type { IdentityStatement } from "../../../components/policies/document";
import { EMITS_TAG } from "../../../components/tags";
import { workloadFunction } from "../../lambda";
import { ANALYZER_METRICS } from "../src/metrics";
import { LOG_ANALYZER_DEFAULTS, type AnalyzerContext } from "./args";

/**
 * The scheduled run: the same analysis core as the API, as a Lambda on an EventBridge schedule
 * (bounded retries), reading the bucket and publishing the error count as a metric. Returns the
 * function and that metric (which the alarms watch).
 */
export function analyzerScheduledRun(
  ctx: AnalyzerContext,
  bucket: aws.s3.Bucket,
  readerStatements: pulumi.Output<IdentityStatement[]>,
): { function: aws.lambda.Function; errorMetric: Metric } {
  const { name, parent, args, tags } = ctx;
  const namespace = ANALYZER_METRICS.namespace;
  const { function: fn } = workloadFunction(
    `${name}-scheduled`,
    {
      entry: path.join(__dirname, "../src/scheduled.ts"),
      description: "obskit: analyse the latest JSONL object and publish its error count",
      policy: pulumi
        .all([readerStatements, args.logs.logGroupArn])
        .apply(([statements, logGroupArn]) =>
          toJson(policy([...statements, putMetricDataStatement(namespace), logWriteStatement(logGroupArn)])),
        ),
      logGroupName: args.logs.logGroupName,
      memorySize: 512,
      timeout: 300,
      reservedConcurrentExecutions: 1,
      environment: {
        BUCKET: bucket.bucket,
        PREFIX: args.prefix ?? LOG_ANALYZER_DEFAULTS.prefix,
        THRESHOLD: String(args.errorThreshold ?? LOG_ANALYZER_DEFAULTS.errorThreshold),
        METRIC_NAMESPACE: namespace,
      },
      tags,
      functionTags: { [EMITS_TAG]: `${namespace}/${ANALYZER_METRICS.errorCount}` },
    },
    { parent },
  );
  const rule = new aws.cloudwatch.EventRule(
    `${name}-schedule`,
    {
      description: "obskit: run the log analyzer",
      scheduleExpression: args.schedule ?? LOG_ANALYZER_DEFAULTS.schedule,
      tags,
    },
    { parent },
  );
  const invoke = new aws.lambda.Permission(
    `${name}-schedule-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: fn.name,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
      sourceAccount: ctx.accountId,
    },
    { parent },
  );
  new aws.cloudwatch.EventTarget(
    `${name}-schedule-target`,
    {
      rule: rule.name,
      arn: fn.arn,
      retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
    },
    { parent, dependsOn: [invoke] },
  );
  const errorMetric = new Metric({
    namespace,
    name: ANALYZER_METRICS.errorCount,
    statistic: "Maximum",
    periodSeconds: 300,
    emittedBy: fn,
  });
  return { function: fn, errorMetric };
}
