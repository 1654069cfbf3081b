/**
 * The stack outputs as a contract: other stacks (`StackReference`) and scripts
 * (`pulumi stack output --json`) read them. One zod schema is the source of the TypeScript type
 * `StackOutputs`, of the type `createStack` must return (`StackOutputsInput`, so the two cannot
 * drift) and of `schema/stack-outputs.schema.json` (`npm run schema:outputs`).
 *
 * Change it only additively: renaming or removing an output breaks every reader.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ENVIRONMENTS } from "./settings";

/** An output that is `""` while its system is disabled in the stage. */
const orEmpty = <T extends z.ZodType>(t: T) => z.union([z.literal(""), t]);
const arn = (service: string) => z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`));
const byKey = (value: z.ZodType<string>, description: string) =>
  z.record(z.string(), value).describe(description);

export const STACK_OUTPUTS = z
  .strictObject({
    environment: z.enum(ENVIRONMENTS).describe("The stage."),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
      .describe("The stage's AWS region."),
    logGroupNames: byKey(
      z.string().min(1),
      "Every log group of the stack by key (orders, errors, processor, …).",
    ),
    logGroupArns: byKey(arn("logs"), "The same log groups' ARNs."),
    alarmNames: byKey(z.string().min(1), "Every alarm of the stack by key."),
    alarmArns: byKey(arn("cloudwatch"), "The same alarms' ARNs."),
    alertTopicArn: arn("sns").describe("The SNS topic every alarm notifies."),
    dashboardNames: byKey(z.string().min(1), "The dashboards of the enabled systems by key."),
    dashboardUrls: byKey(z.string().regex(/^https:\/\//), "Their CloudWatch console addresses."),
    kmsKeyArns: byKey(arn("kms"), "The stack's KMS keys by key."),
    metricNamespace: z.string().min(1).describe("The order worker's metric namespace."),
    metricNames: byKey(z.string().min(1), "The order worker's metric names by filter."),
    orderWorkerServiceName: z.string().describe("The order worker's ECS service (empty when disabled)."),
    realtimeMetricNamespace: z.string().min(1).describe("The real-time path's metric namespace."),
    incidentsTableName: z.string().min(1).describe("The incidents DynamoDB table."),
    processorFunctionName: z.string().min(1).describe("The log processor Lambda."),
    deadLetterQueueUrl: z
      .string()
      .regex(/^https:\/\/sqs\./)
      .describe("The processor's dead-letter queue."),
    processorBundleBytes: z.number().int().positive().describe("Size of the processor's bundle."),
    testEmitterFunctionName: z.string().describe("The test emitter Lambda (empty where disabled)."),
    analyzerUrl: orEmpty(z.string().regex(/^https?:\/\//)).describe("The analyzer API's public URL."),
    analyzerBucketName: z.string().describe("The analyzer's JSONL bucket."),
    analyzerServiceName: z.string().describe("The analyzer's ECS service."),
    analyzerScheduledFunctionName: z.string().describe("The analyzer's scheduled Lambda."),
    analyzerMetric: z
      .strictObject({ namespace: z.string(), name: z.string() })
      .describe("The metric the scheduled analyzer run publishes."),
    trailName: z.string().describe("The audit trail (empty when disabled)."),
    trailArn: orEmpty(arn("cloudtrail")).describe("The audit trail's ARN."),
    trailBucketName: z.string().describe("The bucket the trail delivers to."),
    cisAlarmNames: byKey(z.string().min(1), "The CIS control alarms by control id."),
    platformAlarmNames: byKey(z.string().min(1), "The platform monitoring module's alarms by key."),
    platformLogGroupNames: byKey(z.string().min(1), "The platform monitoring module's log groups by key."),
    platformBatchFailureRule: z.string().describe("The EventBridge rule for failed Batch jobs."),
    cafeInstanceId: z.string().describe("The café's EC2 instance."),
    cafeAgentConfigParameter: z.string().describe("The SSM parameter with its CloudWatch agent config."),
    cafeArchiveBucketName: z.string().describe("The access log's S3 archive bucket."),
    cafeAnalyticsFunctionName: z.string().describe("The café analytics Lambda."),
  })
  .describe("The outputs of an obskit stack (`pulumi stack output --json`).");

/** The stack outputs as a reader sees them (`pulumi stack output --json`, a StackReference). */
export type StackOutputs = z.infer<typeof STACK_OUTPUTS>;

/** `T` with every value, at any depth, allowed to be a Pulumi Input. */
export type DeepInput<T> = pulumi.Input<
  T extends string | number | boolean ? T : { [K in keyof T]: DeepInput<T[K]> }
>;

/** What `createStack` returns: the same outputs, still unresolved. */
export type StackOutputsInput = { [K in keyof StackOutputs]: DeepInput<StackOutputs[K]> };

/** The name of a top-level output. */
export type StackOutputKey = keyof StackOutputs;

/** The JSON Schema (draft-07) of the outputs, as checked in at `schema/stack-outputs.schema.json`. */
export function stackOutputsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(STACK_OUTPUTS, { target: "draft-7" }) as Record<string, unknown>;
}
