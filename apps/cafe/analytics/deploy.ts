import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AlertingPath,
  LogPipeline,
  Metric,
  accountRootAdmin,
  identityPolicy,
  logWriteStatement,
  policy,
  toJson,
  type IdentityPolicy,
  type LogPipelineArgs,
} from "../../../components";
import { deadLetterAlarm } from "../../../components/alertingPath/alarms";
import { assertValid, problem, type ArgumentProblem } from "../../../components/errors";
import { describeModel } from "../../../components/modelDescription";
import { bundleLambdaOnce } from "../../../components/shared/lambda";
import { subscribeFunction } from "../../../components/shared/subscription";
import { componentTags, EMITS_TAG } from "../../../components/tags";
import { workloadFunction } from "../../lambda";
import {
  AnalyticsEnv,
  CAFE_ANALYTICS_NAMESPACE,
  COUNTRY_DIMENSION,
  DEFAULT_ORDER_PATH,
  GEOIP_ARCHIVE_DIR,
  GEOIP_DATA_FILES,
  MetricName,
} from "./contract";

/** The analytics' Lambda entry. */
export const CAFE_ANALYTICS_ENTRY = path.join(__dirname, "handler.ts");

/** geoip-lite's data folder in node_modules (the package ships its database there). */
export const GEOIP_DATA_DIR = path.join(path.dirname(require.resolve("geoip-lite/package.json")), "data");

/** The files the function archive carries beside the bundle: archive path → local file. */
export function geoipArchiveFiles(dataDir = GEOIP_DATA_DIR): Record<string, string> {
  return Object.fromEntries(
    GEOIP_DATA_FILES.map((f) => [`${GEOIP_ARCHIVE_DIR}/${f}`, path.join(dataDir, f)]),
  );
}

/** The defaults of CafeAnalyticsArgs, written once. */
export const CAFE_ANALYTICS_DEFAULTS = {
  logGroupName: "cafe/analytics",
  orderPath: DEFAULT_ORDER_PATH,
  // The GeoIP database takes ~110 MB in memory; 512 MB also buys the CPU to parse a batch quickly.
  memoryMb: 512,
  timeoutSeconds: 60,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 3600,
} as const;

/** The log group the analytics subscribes to (a `LogPipeline` is one). */
export interface CafeAnalyticsSource {
  /** Name of the access log group (`apache/access`). */
  readonly logGroupName: pulumi.Input<string>;
  /** Its ARN, without the trailing `:*`. */
  readonly logGroupArn: pulumi.Output<string>;
}

export interface CafeAnalyticsArgs {
  /** The access-log pipeline the analytics subscribes to. Required. */
  source: CafeAnalyticsSource;
  /** The stack's alarm path: the dead-letter alarm is added to it. Required. */
  alerting: AlertingPath;
  /** Settings of the analytics' own log group (retention, class, protection, tags). @default the LogPipeline defaults */
  logDefaults?: Pick<LogPipelineArgs, "retentionInDays" | "logClass" | "protect" | "tags">;
  /** Name of the analytics' own log group (request records and EMF metrics). @default "cafe/analytics" */
  logGroupName?: string;
  /** Path of the café's order endpoint: requests to it are order clicks. @default "/cafe/processOrder.php" */
  orderPath?: string;
  /** Memory in MB. @default 512 */
  memoryMb?: number;
  /** Timeout in seconds. @default 60 */
  timeoutSeconds?: number;
  /** Retries of a failed delivery before it goes to the dead-letter queue, 0 to 2. @default 2 */
  maximumRetryAttempts?: number;
  /** Age in seconds after which an undelivered event goes to the dead-letter queue, 60 to 21600. @default 3600 */
  maximumEventAgeSeconds?: number;
  /** Tags for every resource. @default {} */
  tags?: Record<string, string>;
}

const isInt = (n: unknown, min: number, max: number): boolean =>
  typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;

/** Every problem of `args`, each naming the field, the value and the fix. */
export function validateCafeAnalyticsArgs(args: CafeAnalyticsArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const a = args as Partial<CafeAnalyticsArgs>;
  if (!a.source || a.source.logGroupName === undefined || a.source.logGroupArn === undefined)
    problems.push(
      problem(
        "source",
        a.source,
        "is required",
        "pass the access-log LogPipeline (apache/access) to subscribe to",
      ),
    );
  if (!a.alerting)
    problems.push(
      problem(
        "alerting",
        a.alerting,
        "is required",
        "pass the stack's AlertingPath (for the dead-letter alarm)",
      ),
    );
  if (a.orderPath !== undefined && (!a.orderPath.startsWith("/") || /[\s?#]/.test(a.orderPath)))
    problems.push(
      problem(
        "orderPath",
        a.orderPath,
        'must be a URL path starting with "/" without query or spaces',
        'use a path such as "/order"',
      ),
    );
  if (a.memoryMb !== undefined && !isInt(a.memoryMb, 256, 10240))
    problems.push(
      problem(
        "memoryMb",
        a.memoryMb,
        "must be a whole number from 256 to 10240: the GeoIP database alone takes ~110 MB",
        "use 256 to 10240 MB",
      ),
    );
  if (a.timeoutSeconds !== undefined && !isInt(a.timeoutSeconds, 1, 900))
    problems.push(
      problem(
        "timeoutSeconds",
        a.timeoutSeconds,
        "must be a whole number from 1 to 900",
        "use 1 to 900 seconds",
      ),
    );
  if (a.maximumRetryAttempts !== undefined && !isInt(a.maximumRetryAttempts, 0, 2))
    problems.push(
      problem(
        "maximumRetryAttempts",
        a.maximumRetryAttempts,
        "must be 0, 1 or 2 (Lambda's limit)",
        "use 0, 1 or 2",
      ),
    );
  if (a.maximumEventAgeSeconds !== undefined && !isInt(a.maximumEventAgeSeconds, 60, 21600))
    problems.push(
      problem(
        "maximumEventAgeSeconds",
        a.maximumEventAgeSeconds,
        "must be a whole number from 60 to 21600",
        "use 60 to 21600 seconds",
      ),
    );
  return problems;
}

/**
 * Least privilege for the analytics function: write its own log group (request records and EMF
 * metrics go there; EMF needs no `cloudwatch:PutMetricData`), send failed events to its dead-letter
 * queue, and use that queue's key only through SQS.
 */
export function cafeAnalyticsPolicy(a: {
  region: string;
  logGroupArn: string;
  deadLetterQueueArn: string;
  queueKeyArn: string;
}): IdentityPolicy {
  return identityPolicy([
    logWriteStatement(a.logGroupArn),
    {
      Sid: "ParkFailedDeliveries",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: a.deadLetterQueueArn,
    },
    {
      Sid: "UseTheQueueKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: a.queueKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `sqs.${a.region}.amazonaws.com` } },
    },
  ]);
}

/** Saved Logs Insights queries over the analytics' request records. */
export function cafeAnalyticsQueries(orderPath: string): { name: string; query: string }[] {
  const requests = "filter ispresent(ip) and ispresent(status)";
  return [
    {
      name: "requests-by-country",
      query: `${requests}\n| stats count(*) as requests by country\n| sort requests desc`,
    },
    {
      name: "requests-by-city",
      query: `${requests}\n| stats count(*) as requests by country, city\n| sort requests desc\n| limit 50`,
    },
    {
      name: "orders-by-country",
      query: `${requests} and path = ${JSON.stringify(orderPath)}\n| stats count(*) as orders by country\n| sort orders desc`,
    },
    {
      name: "server-errors-by-country",
      query: `${requests} and status >= 500\n| stats count(*) as serverErrors by country, path\n| sort serverErrors desc`,
    },
  ];
}

/**
 * The café analytics (issue 12, "Geography and business metrics"): a Lambda subscribed to the
 * access log group that resolves each request's country and city with the GeoIP database shipped in
 * geoip-lite (its data files ride in the function archive under `geoip/`), writes one JSON record
 * per request and per-country EMF metrics to its own log group, retries a failed delivery twice and
 * then parks it in a KMS-encrypted dead-letter queue watched by an alarm.
 */
/** The type token of CafeAnalytics, and the handler id its function is described with. */
export const CAFE_ANALYTICS_TYPE = "obskit:apps:CafeAnalytics";

export class CafeAnalytics extends pulumi.ComponentResource {
  /** The analytics function. */
  readonly function: aws.lambda.Function;
  /** Its name. */
  readonly functionName: pulumi.Output<string>;
  /** Its log group (request records, EMF metrics, its own logs) and saved geography queries. */
  readonly logs: LogPipeline;
  /** The subscription filter on the access log group (one of the group's two). */
  readonly subscription: aws.cloudwatch.LogSubscriptionFilter;
  /** The dead-letter queue's URL and ARN. */
  readonly deadLetterQueueUrl: pulumi.Output<string>;
  readonly deadLetterQueueArn: pulumi.Output<string>;
  /** Name of the alarm on the dead-letter queue. */
  /** The alarm on the dead-letter queue's depth. */
  readonly deadLetterAlarm: aws.cloudwatch.MetricAlarm;
  readonly deadLetterAlarmName: pulumi.Output<string>;
  /** Totals of the function (`service` dimension only), including `MalformedLines`. */
  readonly totals: Record<keyof typeof MetricName, Metric>;
  /** Size of the bundled handler in bytes (the GeoIP data files ship beside it). */
  readonly bundleBytes: number;
  /** Its `service` dimension (Powertools' service name): per-country metrics carry it with `country`. */
  readonly serviceName: string;

  constructor(name: string, args: CafeAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CAFE_ANALYTICS_TYPE, name, {}, opts);
    assertValid("CafeAnalytics", name, validateCafeAnalyticsArgs(args));
    const d = CAFE_ANALYTICS_DEFAULTS;
    const orderPath = args.orderPath ?? d.orderPath;
    const tags = componentTags("CafeAnalytics", { ...args.logDefaults?.tags, ...args.tags });
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const serviceName = name;
    this.serviceName = serviceName;

    this.logs = new LogPipeline(
      `${name}-logs`,
      {
        ...args.logDefaults,
        logGroupName: args.logGroupName ?? d.logGroupName,
        queries: cafeAnalyticsQueries(orderPath),
        tags: { ...args.logDefaults?.tags, ...args.tags },
      },
      { parent: this },
    );

    const queueKey = new aws.kms.Key(
      `${name}-dlq-key`,
      {
        description: `obskit: dead-letter queue of ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: identity.accountId.apply((acct) =>
          toJson(policy([accountRootAdmin(acct)], "obskit-cafe-analytics-dlq")),
        ),
        tags,
      },
      { parent: this, protect: args.logDefaults?.protect, retainOnDelete: args.logDefaults?.protect },
    );
    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        kmsMasterKeyId: queueKey.arn,
        kmsDataKeyReusePeriodSeconds: 300,
        messageRetentionSeconds: 1_209_600,
        tags,
      },
      { parent: this },
    );
    this.deadLetterQueueUrl = dlq.url;
    this.deadLetterQueueArn = dlq.arn;

    const bundle = bundleLambdaOnce(CAFE_ANALYTICS_ENTRY);
    this.bundleBytes = bundle.bytes;
    const emitted = Object.values(MetricName)
      .map((m) => `${CAFE_ANALYTICS_NAMESPACE}/${m}`)
      .join(" ");
    const { function: fn } = workloadFunction(
      `${name}-function`,
      {
        entry: CAFE_ANALYTICS_ENTRY,
        files: geoipArchiveFiles(),
        description: `obskit: café access log → country/city records and per-country EMF metrics (bundle sha256 ${bundle.sha256.slice(0, 12)})`,
        policy: pulumi
          .all([region.region, this.logs.logGroupArn, dlq.arn, queueKey.arn])
          .apply(([r, logGroupArn, deadLetterQueueArn, queueKeyArn]) =>
            toJson(cafeAnalyticsPolicy({ region: r, logGroupArn, deadLetterQueueArn, queueKeyArn })),
          ),
        logGroupName: this.logs.logGroupName,
        logFormat: "JSON",
        memorySize: args.memoryMb ?? d.memoryMb,
        timeout: args.timeoutSeconds ?? d.timeoutSeconds,
        environment: {
          [AnalyticsEnv.ORDER_PATH]: orderPath,
          // Resolved by geoip-lite against the bundle's directory: /var/task/geoip.
          [AnalyticsEnv.GEODATADIR]: GEOIP_ARCHIVE_DIR,
          [AnalyticsEnv.POWERTOOLS_SERVICE_NAME]: serviceName,
          [AnalyticsEnv.POWERTOOLS_METRICS_NAMESPACE]: CAFE_ANALYTICS_NAMESPACE,
        },
        tags,
        functionTags: { [EMITS_TAG]: emitted },
      },
      { parent: this, dependsOn: [this.logs] },
    );
    this.function = fn;
    this.functionName = fn.name;

    this.subscription = subscribeFunction(
      name,
      {
        function: fn,
        source: args.source,
        filterName: `${name}-to-analytics`,
        filterPattern: "",
        maximumRetryAttempts: args.maximumRetryAttempts ?? d.maximumRetryAttempts,
        maximumEventAgeSeconds: args.maximumEventAgeSeconds ?? d.maximumEventAgeSeconds,
        deadLetterArn: dlq.arn,
        region: region.region,
        accountId: identity.accountId,
      },
      { parent: this },
    );

    const dlqAlarm = args.alerting.addAlarm(
      deadLetterAlarm(
        `${name}-dead-letters`,
        dlq.name,
        pulumi.interpolate`Access-log deliveries the café analytics could not process are parked in ${dlq.name}: geography and order metrics miss them until they are redriven.`,
      ),
      { key: "CafeAnalyticsDeadLetters", parent: this, resourceName: `${name}-dlq-alarm` },
    );
    this.deadLetterAlarm = dlqAlarm;
    this.deadLetterAlarmName = dlqAlarm.name;

    const metric = (m: string, dims: Record<string, pulumi.Input<string>>) =>
      new Metric({
        namespace: CAFE_ANALYTICS_NAMESPACE,
        name: m,
        dimensions: dims,
        statistic: "Sum",
        emittedBy: fn,
      });
    this.totals = Object.fromEntries(
      Object.entries(MetricName).map(([k, m]) => [k, metric(m, { service: serviceName })]),
    ) as Record<keyof typeof MetricName, Metric>;
    this.registerOutputs({
      functionName: this.functionName,
      logGroupName: this.logs.logGroupName,
      deadLetterQueueUrl: this.deadLetterQueueUrl,
      deadLetterAlarmName: this.deadLetterAlarmName,
      bundleBytes: this.bundleBytes,
      ...describeModel({ functions: [{ urn: fn.urn, handler: CAFE_ANALYTICS_TYPE }] }),
    });
  }

  /** A per-country metric (`service` and `country` dimensions), e.g. `countryMetric("OrderClicks", "DE")`. */
  countryMetric(name: Exclude<keyof typeof MetricName, "MalformedLines">, country: string): Metric {
    return new Metric({
      namespace: CAFE_ANALYTICS_NAMESPACE,
      name: MetricName[name],
      dimensions: { service: this.serviceName, [COUNTRY_DIMENSION]: country },
      statistic: "Sum",
      emittedBy: this.function,
    });
  }
}
