import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { assertValid } from "../errors";
import { LogPipeline } from "../logPipeline";
import { deadLetterAlarm } from "../alertingPath/alarms";
import { addAlarmTo } from "../alertingPath/target";
import { Metric } from "../metric";
import { describeModel } from "../modelDescription";
import { accountRootAdmin, policy, toJson } from "../policies/document";
import { assumeRolePolicy, incidentProcessorPolicy } from "../policies/iam";
import { handlerBundle, LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaArchive } from "../shared/lambdaCode";
import { subscribeFunction } from "../shared/subscription";
import { componentTags, EMITS_TAG } from "../tags";
import { resolveProcessingPathArgs, validateProcessingPathArgs, type ProcessingPathArgs } from "./args";
import { MetricName, ProcessorEnv } from "./handler/contract";
import { VERSION } from "../version";

/** The type token of a ProcessingPath, and the handler id its processor function is described with. */
export const PROCESSING_PATH_TYPE = "obskit:index:ProcessingPath";

/** Namespace of the processor's own EMF metrics. */
export const PROCESSOR_METRICS_NAMESPACE = "obskit/LogProcessor";

/**
 * The processor's Lambda entry in the TypeScript sources (this component's `handler/` folder),
 * bundled when running from source; the built package deploys its pre-bundled `PROCESSOR_ASSET`.
 */
export const PROCESSOR_ENTRY = path.join(__dirname, "handler", "handler.ts");

/** Name of the processor's pre-bundled asset in the built package (`assets/processor/index.js`). */
export const PROCESSOR_ASSET = "processor";

/** The parts of a ProcessingPath only TypeScript programs read (see `ProcessingPath.logs`). */
interface ProcessingPathParts {
  logs: LogPipeline;
  metrics: Record<keyof typeof MetricName, Metric>;
}
const PARTS = new WeakMap<ProcessingPath, ProcessingPathParts>();

/**
 * Real-time processing of a log group's error events: subscription filter → Lambda (bundled with
 * esbuild, arm64, its own encrypted log group) → DynamoDB incidents table (on-demand, CMK, TTL),
 * with bounded retries, an encrypted SQS dead-letter queue for batches that cannot be processed,
 * an alarm on that queue, and an optional SNS summary of high-severity incidents.
 */
export class ProcessingPath extends pulumi.ComponentResource {
  /** The obskit version that declared this component (also its children's `obskit:version` tag). */
  readonly version: pulumi.Output<string>;
  /** The processor function. */
  readonly function: aws.lambda.Function;
  /** Processor function name. */
  readonly functionName: pulumi.Output<string>;
  /** The incidents table's name. */
  readonly tableName: pulumi.Output<string>;
  /** The incidents table's ARN. */
  readonly tableArn: pulumi.Output<string>;
  /** The dead-letter queue's URL. */
  readonly deadLetterQueueUrl: pulumi.Output<string>;
  /** The dead-letter queue's ARN. */
  readonly deadLetterQueueArn: pulumi.Output<string>;
  /** The alarm on the dead-letter queue's depth. */
  readonly deadLetterAlarm: aws.cloudwatch.MetricAlarm;
  /** Name of the alarm on the dead-letter queue's depth. */
  readonly deadLetterAlarmName: pulumi.Output<string>;
  /** ARN of that alarm. */
  readonly deadLetterAlarmArn: pulumi.Output<string>;
  /** The processor's own log group. */
  readonly processorLogGroupName: pulumi.Output<string>;
  /** Size of the processor bundle in bytes. */
  readonly bundleBytes: number;

  /**
   * The processor's log pipeline. TypeScript only: a getter, not a field, because to other Pulumi
   * languages every field is an output and a component cannot be one (`processorLogGroupName` is).
   */
  get logs(): LogPipeline {
    return PARTS.get(this)!.logs;
  }

  /** The processor's EMF metrics (TypeScript only, like `logs`). */
  get metrics(): Record<keyof typeof MetricName, Metric> {
    return PARTS.get(this)!.metrics;
  }

  constructor(name: string, args: ProcessingPathArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PROCESSING_PATH_TYPE, name, {}, opts);
    this.version = pulumi.output(VERSION);
    assertValid("ProcessingPath", name, validateProcessingPathArgs(args));
    const a = resolveProcessingPathArgs(name, args);
    const tags = componentTags("ProcessingPath", a.tags);
    const keep = { protect: a.protect, retainOnDelete: a.protect };

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });

    // Data at rest: one key for the incidents and the parked batches; IAM decides who uses it.
    const dataKey = new aws.kms.Key(
      `${name}-data-key`,
      {
        description: `obskit: incidents table and dead-letter queue of ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: identity.accountId.apply((accountId) =>
          toJson(policy([accountRootAdmin(accountId)], "obskit-processing-data-key")),
        ),
        tags,
      },
      { parent: this, ...keep },
    );

    const table = new aws.dynamodb.Table(
      `${name}-incidents`,
      {
        billingMode: "PAY_PER_REQUEST",
        hashKey: "incidentId",
        attributes: [{ name: "incidentId", type: "S" }],
        serverSideEncryption: { enabled: true, kmsKeyArn: dataKey.arn },
        pointInTimeRecovery: { enabled: a.protect },
        deletionProtectionEnabled: a.protect,
        ttl: { attributeName: "expiresAt", enabled: a.incidentTtlDays > 0 },
        tags,
      },
      { parent: this, ...keep },
    );
    this.tableName = table.name;
    this.tableArn = table.arn;

    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        kmsMasterKeyId: dataKey.arn,
        kmsDataKeyReusePeriodSeconds: 300,
        messageRetentionSeconds: 1_209_600,
        tags,
      },
      { parent: this },
    );
    this.deadLetterQueueUrl = dlq.url;
    this.deadLetterQueueArn = dlq.arn;

    const logs = new LogPipeline(
      `${name}-processor-logs`,
      {
        logGroupName: `/aws/lambda/${a.functionName}`,
        retentionInDays: a.logRetentionDays,
        protect: a.protect,
        tags: a.tags,
      },
      { parent: this },
    );

    const notify = a.notifyMinSeverity !== undefined;
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: identity.accountId.apply((acct) =>
          toJson(assumeRolePolicy("lambda.amazonaws.com", acct)),
        ),
        tags,
      },
      { parent: this },
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([
            region.region,
            table.arn,
            dataKey.arn,
            dlq.arn,
            logs.logGroupArn,
            a.alerting.topicArn,
            a.alerting.kmsKeyArn,
          ])
          .apply(([r, tableArn, dataKeyArn, queueArn, logGroupArn, topicArn, topicKeyArn]) =>
            toJson(
              incidentProcessorPolicy({
                region: r,
                tableArn,
                dataKeyArn,
                deadLetterQueueArn: queueArn,
                logGroupArn,
                notify: notify ? { topicArn, topicKeyArn } : undefined,
              }),
            ),
          ),
      },
      { parent: this },
    );

    const bundle = handlerBundle(PROCESSOR_ASSET, PROCESSOR_ENTRY);
    this.bundleBytes = bundle.bytes;
    const emitted = Object.values(MetricName)
      .map((m) => `${PROCESSOR_METRICS_NAMESPACE}/${m}`)
      .join(" ");
    this.function = new aws.lambda.Function(
      `${name}-processor`,
      {
        name: a.functionName,
        description: `obskit: ${a.filterPattern} events of a log group → incidents (bundle sha256 ${bundle.sha256.slice(0, 12)})`,
        runtime: LAMBDA_RUNTIME,
        architectures: ["arm64"],
        handler: LAMBDA_HANDLER,
        code: lambdaArchive(bundle),
        role: role.arn,
        memorySize: a.memoryMb,
        timeout: a.timeoutSeconds,
        reservedConcurrentExecutions: a.reservedConcurrency,
        loggingConfig: {
          logFormat: "JSON",
          logGroup: logs.logGroupName,
          applicationLogLevel: "INFO",
          systemLogLevel: "WARN",
        },
        environment: {
          variables: {
            [ProcessorEnv.TABLE_NAME]: table.name,
            [ProcessorEnv.MIN_SEVERITY]: a.minSeverity,
            [ProcessorEnv.INCIDENT_TTL_DAYS]: String(a.incidentTtlDays),
            ...(notify
              ? {
                  [ProcessorEnv.NOTIFY_TOPIC_ARN]: a.alerting.topicArn,
                  [ProcessorEnv.NOTIFY_MIN_SEVERITY]: a.notifyMinSeverity as string,
                }
              : {}),
            [ProcessorEnv.POWERTOOLS_SERVICE_NAME]: a.functionName,
            [ProcessorEnv.POWERTOOLS_METRICS_NAMESPACE]: PROCESSOR_METRICS_NAMESPACE,
            NODE_OPTIONS: "--enable-source-maps",
          },
        },
        tags: { ...tags, [EMITS_TAG]: emitted },
      },
      { parent: this, dependsOn: [rolePolicy, logs] },
    );
    this.functionName = this.function.name;

    subscribeFunction(
      name,
      {
        function: this.function,
        source: a.source,
        filterName: `${name}-to-processor`,
        filterPattern: a.filterPattern,
        maximumRetryAttempts: a.maximumRetryAttempts,
        maximumEventAgeSeconds: a.maximumEventAgeSeconds,
        deadLetterArn: dlq.arn,
        region: region.region,
        accountId: identity.accountId,
      },
      { parent: this, asyncDependsOn: [rolePolicy] },
    );

    const dlqAlarm = addAlarmTo(
      a.alerting,
      deadLetterAlarm(
        `${name}-dead-letters`,
        dlq.name,
        pulumi.interpolate`Log batches the processor ${a.functionName} could not process are parked in ${dlq.name}: inspect and redrive them.`,
      ),
      {
        key: "DeadLetters",
        parent: this,
        resourceName: `${name}-dlq-alarm`,
        owner: { component: "ProcessingPath", name, resource: this },
        tags,
      },
    );
    this.deadLetterAlarm = dlqAlarm;
    this.deadLetterAlarmName = dlqAlarm.name;
    this.deadLetterAlarmArn = dlqAlarm.arn;

    this.processorLogGroupName = logs.logGroupName;
    const metrics = Object.fromEntries(
      Object.entries(MetricName).map(([k, m]) => [
        k,
        new Metric({
          namespace: PROCESSOR_METRICS_NAMESPACE,
          name: m,
          dimensions: { service: a.functionName },
          emittedBy: this.function,
        }),
      ]),
    ) as Record<keyof typeof MetricName, Metric>;
    PARTS.set(this, { logs, metrics });

    this.registerOutputs({
      version: this.version,
      functionName: this.functionName,
      tableName: this.tableName,
      tableArn: this.tableArn,
      deadLetterQueueUrl: this.deadLetterQueueUrl,
      deadLetterQueueArn: this.deadLetterQueueArn,
      deadLetterAlarmName: this.deadLetterAlarmName,
      deadLetterAlarmArn: this.deadLetterAlarmArn,
      bundleBytes: this.bundleBytes,
      processorLogGroupName: this.processorLogGroupName,
      ...describeModel({ functions: [{ urn: this.function.urn, handler: PROCESSING_PATH_TYPE }] }),
    });
  }
}
