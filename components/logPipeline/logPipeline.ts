import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValid } from "../errors";
import { LogsKey } from "../logsKey";
import { Metric } from "../metric";
import { describeModel } from "../modelDescription";
import { componentTags } from "../tags";
import {
  contributorRuleBody,
  resolveLogPipelineArgs,
  validateLogPipelineArgs,
  type LogPipelineArgs,
  type ResolvedMetricFilter,
} from "./args";
import { createArchive, type PipelineArchive } from "./archive";
import { VERSION } from "../version";

export type { PipelineArchive } from "./archive";

/** A metric filter of the pipeline and the metric it emits. */
export interface PipelineMetric {
  /** The filter resource. */
  filter: aws.cloudwatch.LogMetricFilter;
  /**
   * The metric the filter emits. Its namespace and name are read from the filter resource and it
   * names the filter as `emittedBy`, so alarms built from it depend on the filter.
   */
  metric: Metric;
  /** The filter as declared, defaults resolved. */
  spec: ResolvedMetricFilter;
}

/** The parts of a LogPipeline only TypeScript programs read (see `LogPipeline.key`). */
interface LogPipelineParts {
  key?: LogsKey;
  metrics: Record<string, PipelineMetric>;
  archive?: PipelineArchive;
}
const PARTS = new WeakMap<LogPipeline, LogPipelineParts>();

/**
 * One log group and everything that turns its logs into signals: retention and KMS encryption,
 * metric filters, saved Logs Insights queries, Contributor Insights rules and an optional log
 * anomaly detector.
 */
export class LogPipeline extends pulumi.ComponentResource {
  /** The obskit version that declared this component (also its children's `obskit:version` tag). */
  readonly version: pulumi.Output<string>;
  /** The log group. */
  readonly logGroup: aws.cloudwatch.LogGroup;
  /** The log group's name. */
  readonly logGroupName: pulumi.Output<string>;
  /** The log group's ARN (without the trailing `:*`). */
  readonly logGroupArn: pulumi.Output<string>;
  /** ARN of the KMS key encrypting the group. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Saved queries, by query name. */
  readonly queries: Record<string, aws.cloudwatch.QueryDefinition>;
  /** Contributor Insights rules, by rule name. */
  readonly contributorRules: Record<string, aws.cloudwatch.ContributorInsightRule>;
  /** The anomaly detector, when enabled. */
  readonly anomalyDetector?: aws.cloudwatch.LogAnomalyDetector;
  /** The archive bucket's name, when `archive` is set. */
  readonly archiveBucketName?: pulumi.Output<string>;
  /** The archive bucket's ARN, when `archive` is set. */
  readonly archiveBucketArn?: pulumi.Output<string>;
  /** The archive's Firehose stream ARN, when `archive` is set. */
  readonly archiveStreamArn?: pulumi.Output<string>;

  /**
   * The key created for this group, when none was given. TypeScript only: the parts below are
   * getters, not fields, because to other Pulumi languages every field is an output, and a component
   * or a `Metric` cannot be one (`kmsKeyArn` and the archive's names are).
   */
  get key(): LogsKey | undefined {
    return PARTS.get(this)!.key;
  }

  /** Metric filters and their metrics, by filter name (TypeScript only, like `key`). */
  get metrics(): Record<string, PipelineMetric> {
    return PARTS.get(this)!.metrics;
  }

  /** The S3 archive (bucket, Firehose stream, subscription), when `archive` is set (TypeScript only, like `key`). */
  get archive(): PipelineArchive | undefined {
    return PARTS.get(this)!.archive;
  }

  constructor(name: string, args: LogPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:index:LogPipeline", name, {}, opts);
    this.version = pulumi.output(VERSION);
    assertValid("LogPipeline", name, validateLogPipelineArgs(args));
    const a = resolveLogPipelineArgs(name, args);
    const tags = componentTags("LogPipeline", a.tags);
    const keep = { protect: a.protect, retainOnDelete: a.protect };

    const parts: LogPipelineParts = { metrics: {} };
    PARTS.set(this, parts);
    if (a.kmsKeyArn === undefined) {
      parts.key = new LogsKey(
        `${name}-key`,
        {
          logGroupNames: [a.logGroupName],
          anomalyDetectors: a.anomalyDetection.enabled,
          protect: a.protect,
          tags: a.tags,
        },
        { parent: this },
      );
    }
    this.kmsKeyArn = parts.key ? parts.key.arn : pulumi.output(a.kmsKeyArn as pulumi.Input<string>);

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: a.logGroupName,
        retentionInDays: a.retentionInDays,
        logGroupClass: a.logClass,
        kmsKeyId: this.kmsKeyArn,
        deletionProtectionEnabled: a.protect,
        tags,
      },
      { parent: this, ...keep },
    );
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn.apply((arn) => arn.replace(/:\*$/, ""));

    for (const f of a.metricFilters) {
      const filter = new aws.cloudwatch.LogMetricFilter(
        `${name}-filter-${f.name}`,
        {
          name: f.name,
          logGroupName: this.logGroup.name,
          pattern: f.pattern,
          metricTransformation: {
            namespace: f.namespace,
            name: f.metricName,
            value: f.value,
            defaultValue: f.defaultValue === undefined ? undefined : String(f.defaultValue),
            unit: f.unit,
            dimensions: f.dimensions,
          },
        },
        { parent: this },
      );
      const metric = new Metric({
        namespace: filter.metricTransformation.namespace,
        name: filter.metricTransformation.name,
        statistic: f.value === "1" || !f.value.startsWith("$") ? "Sum" : "Average",
        unit: f.unit,
        label: f.metricName,
        emittedBy: filter,
      });
      this.metrics[f.name] = { filter, metric, spec: f };
    }

    this.queries = {};
    for (const q of a.queries) {
      this.queries[q.name] = new aws.cloudwatch.QueryDefinition(
        `${name}-query-${q.name}`,
        { name: `${a.queryFolder}/${q.name}`, queryString: q.query, logGroupNames: [this.logGroup.name] },
        { parent: this },
      );
    }

    this.contributorRules = {};
    for (const r of a.contributorRules) {
      this.contributorRules[r.name] = new aws.cloudwatch.ContributorInsightRule(
        `${name}-rule-${r.name}`,
        {
          ruleName: `${a.ruleNamePrefix}-${r.name}`,
          ruleState: r.enabled ? "ENABLED" : "DISABLED",
          ruleDefinition: this.logGroup.name.apply((groupName) => contributorRuleBody(groupName, r)),
          tags,
        },
        { parent: this },
      );
    }

    if (a.anomalyDetection.enabled) {
      this.anomalyDetector = new aws.cloudwatch.LogAnomalyDetector(
        `${name}-anomalies`,
        {
          logGroupArnLists: [this.logGroupArn],
          enabled: true,
          evaluationFrequency: a.anomalyDetection.evaluationFrequency,
          anomalyVisibilityTime: a.anomalyDetection.anomalyVisibilityTime,
          kmsKeyId: this.kmsKeyArn,
          tags,
        },
        { parent: this },
      );
    }

    if (a.archive) {
      parts.archive = createArchive(
        {
          name,
          parent: this,
          logGroup: this.logGroup,
          logGroupArn: this.logGroupArn,
          protect: a.protect,
          tags,
        },
        a.archive,
      );
      this.archiveBucketName = parts.archive.bucketName;
      this.archiveBucketArn = parts.archive.bucketArn;
      this.archiveStreamArn = parts.archive.streamArn;
    }

    this.registerOutputs({
      version: this.version,
      logGroupName: this.logGroupName,
      logGroupArn: this.logGroupArn,
      kmsKeyArn: this.kmsKeyArn,
      ...describeModel({
        filters: a.metricFilters.flatMap((f) =>
          f.samples ? [{ urn: this.metrics[f.name].filter.urn, samples: f.samples }] : [],
        ),
      }),
      ...(parts.archive
        ? {
            archiveBucketName: this.archiveBucketName,
            archiveBucketArn: this.archiveBucketArn,
            archiveStreamArn: this.archiveStreamArn,
          }
        : {}),
    });
  }

  /** The metric emitted by the filter `filterName`; throws naming the known filters if there is none. */
  metric(filterName: string): Metric {
    const m = this.metrics[filterName];
    if (!m) {
      throw new Error(
        `LogPipeline: no metric filter named ${JSON.stringify(filterName)} (known: ${Object.keys(this.metrics).join(", ") || "none"}).`,
      );
    }
    return m.metric;
  }
}
