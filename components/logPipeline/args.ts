import type * as pulumi from "@pulumi/pulumi";
import { TRANSITION_STORAGE_CLASSES, TransitionStorageClass } from "../shared/bucket";
import { problem, within, type ArgumentProblem } from "../errors";
import { oneOfProblems } from "../shared/oneOf";
import type { MetricUnit } from "../metric";
import { staticPrefix } from "../policies/firehose";
import { checkPattern, type PatternSamples } from "./patterns";
import { AnomalyFrequency, LogClass, RETENTION_DAYS, type RetentionDays } from "./constants";
import { LOG_GROUP_NAME, LOG_GROUP_NAME_RULE, nameCharacterProblems } from "../names";

export * from "./constants";

/** A metric filter, declared as data. */
export interface MetricFilterSpec {
  /** The filter's name, unique in the pipeline; also its key in `LogPipeline.metrics`. */
  name: string;
  /** The filter pattern (CloudWatch filter-pattern syntax); compiled and checked at construction. */
  pattern: string;
  /** The metric's namespace, e.g. `SmartOrders`. */
  namespace: string;
  /** The metric's name. @default the filter's `name` */
  metricName?: string;
  /** The value published per matching event: a number, or `$.field` / `$field` to extract. @default "1" */
  value?: string;
  /**
   * Value published when no event matches in a period. Not allowed with dimensions (AWS rule).
   * @default 0 for a constant value without dimensions; none otherwise
   */
  defaultValue?: number;
  /** Unit of the metric. @default "Count" for a constant value, "None" for an extracted one */
  unit?: MetricUnit;
  /** Metric dimensions: dimension name → `$.field` / `$field`. At most 3. @default none */
  dimensions?: Record<string, string>;
  /** Log lines this pattern must and must not match; checked at construction. @default none */
  samples?: PatternSamples;
}

/** A saved Logs Insights query. */
export interface QuerySpec {
  /** Query name, shown in the console inside the pipeline's folder. */
  name: string;
  /** The Logs Insights query text. */
  query: string;
}

/** The log format a Contributor Insights rule reads. */
export const ContributorLogFormat = { Json: "JSON", Clf: "CLF" } as const;
export type ContributorLogFormat = (typeof ContributorLogFormat)[keyof typeof ContributorLogFormat];

/** What a Contributor Insights rule adds up per contributor. */
export const ContributorAggregation = { Count: "Count", Sum: "Sum" } as const;
export type ContributorAggregation = (typeof ContributorAggregation)[keyof typeof ContributorAggregation];

/** One filter of a Contributor Insights rule: events whose `match` field is one of the values (`In`). */
export interface ContributorFilter {
  /** The field, e.g. `$.event`. */
  match: string;
  /** String values the field may have. @default [] */
  in?: string[];
  /** Numeric values the field may have (e.g. status codes). @default [] */
  inNumbers?: number[];
}

/** A Contributor Insights rule over the pipeline's log group (`CloudWatchLogRule` schema v1). */
export interface ContributorRuleSpec {
  /** Rule name suffix; the physical name is `<ruleNamePrefix>-<name>`. */
  name: string;
  /** Log format of the group. @default "JSON" */
  logFormat?: ContributorLogFormat;
  /** Contributor keys, e.g. `["$.customerId"]` (1 to 4). */
  keys: string[];
  /** Only events where each filter's `match` field is one of its values. @default none (all events) */
  filters?: ContributorFilter[];
  /** `Count` events, or `Sum` the field named by `sumField`. @default "Count" */
  aggregateOn?: ContributorAggregation;
  /** Field summed when `aggregateOn` is `Sum`. @default none */
  sumField?: string;
  /** Whether the rule is evaluated. @default true */
  enabled?: boolean;
}

/** Log anomaly detection on a pipeline's group. */
export interface AnomalyDetectionArgs {
  /** Whether the detector is created. @default false */
  enabled?: boolean;
  /** How often it evaluates. @default "FIVE_MIN" */
  evaluationFrequency?: AnomalyFrequency;
  /** Days an anomaly stays visible, 7 to 90. @default 14 */
  anomalyVisibilityTime?: number;
}

export interface LogPipelineArgs {
  /** The log group's name: a contract with agents, queries and the key policy. Required. */
  logGroupName: string;
  /** Retention in days; one of `RETENTION_DAYS`. @default 30 */
  retentionInDays?: number;
  /** Log class. `INFREQUENT_ACCESS` supports no metric filters, rules or anomaly detection. @default "STANDARD" */
  logClass?: LogClass;
  /**
   * ARN of an existing KMS key to encrypt the group with (e.g. a shared `LogsKey`); its policy must
   * allow CloudWatch Logs for this group. @default a new key for this group only
   */
  kmsKeyArn?: pulumi.Input<string>;
  /** Metric filters on the group. @default none */
  metricFilters?: MetricFilterSpec[];
  /** Saved Logs Insights queries. @default none */
  queries?: QuerySpec[];
  /** Console folder for the saved queries. @default the log group name without its leading "/" */
  queryFolder?: string;
  /** Contributor Insights rules. @default none */
  contributorRules?: ContributorRuleSpec[];
  /** Prefix of the rules' physical names. @default the component name */
  ruleNamePrefix?: string;
  /** Log anomaly detection on the group. @default disabled */
  anomalyDetection?: AnomalyDetectionArgs;
  /**
   * Never lose logs: `protect` and `retainOnDelete` on the group and its key, and the group's
   * deletion protection on. @default false
   */
  protect?: boolean;
  /**
   * Archive the group's events to S3: a Firehose delivery stream subscribed to the group (one of the
   * two subscription filters a log group may have) writing to a KMS-encrypted, versioned,
   * public-access-blocked, TLS-only bucket with a lifecycle to cheaper storage.
   * @default none (no archive)
   */
  archive?: LogArchiveArgs;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** S3 storage classes an archive may move to. */
export const ARCHIVE_STORAGE_CLASSES = TRANSITION_STORAGE_CLASSES;
export type ArchiveStorageClass = TransitionStorageClass;

/** Archival of a log group's events to S3 through Firehose. */
export interface LogArchiveArgs {
  /** Days after delivery at which archived objects move to `storageClass` (S3: at least 30 for the IA classes). @default 30 */
  transitionDays?: number;
  /** The cheaper storage class objects move to. @default "STANDARD_IA" */
  storageClass?: TransitionStorageClass;
  /** Days after delivery at which archived objects are deleted; more than `transitionDays`. @default never */
  expirationDays?: number;
  /** Days a replaced or deleted object version is kept before it is removed. @default 90 */
  noncurrentVersionDays?: number;
  /** Key prefix of delivered objects; Firehose `!{timestamp:…}` expressions give a dated layout. @default "logs/!{timestamp:yyyy/MM/dd}/" */
  prefix?: string;
  /** Key prefix of records Firehose could not process or deliver; must use `!{firehose:error-output-type}` when `prefix` uses expressions. @default "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/" */
  errorPrefix?: string;
  /** Seconds Firehose buffers before writing an object, 0 to 900. @default 300 */
  bufferingIntervalSeconds?: number;
  /** MiB Firehose buffers before writing an object, 1 to 128. @default 5 */
  bufferingSizeMb?: number;
  /**
   * Store each event's message as one line (Firehose decompresses CloudWatch Logs' gzipped JSON
   * envelopes and extracts the messages, then GZIP-compresses the objects). With `false` the
   * envelopes are stored as delivered: already gzipped, so Firehose adds no compression.
   * @default true
   */
  extractMessages?: boolean;
  /** Filter pattern of the subscription: which events are archived. @default "" (every event) */
  filterPattern?: string;
}

/** The defaults of LogPipelineArgs, written once. */
export const LOG_PIPELINE_DEFAULTS = {
  retentionInDays: 30,
  logClass: "STANDARD" as LogClass,
  anomalyDetection: { enabled: false, evaluationFrequency: "FIVE_MIN", anomalyVisibilityTime: 14 },
  protect: false,
  archive: {
    transitionDays: 30,
    storageClass: "STANDARD_IA" as ArchiveStorageClass,
    noncurrentVersionDays: 90,
    prefix: "logs/!{timestamp:yyyy/MM/dd}/",
    errorPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
    bufferingIntervalSeconds: 300,
    bufferingSizeMb: 5,
    extractMessages: true,
    filterPattern: "",
  },
} as const;

export interface ResolvedLogArchive {
  transitionDays: number;
  storageClass: ArchiveStorageClass;
  expirationDays?: number;
  noncurrentVersionDays: number;
  prefix: string;
  errorPrefix: string;
  bufferingIntervalSeconds: number;
  bufferingSizeMb: number;
  extractMessages: boolean;
  filterPattern: string;
}

export interface ResolvedMetricFilter {
  name: string;
  pattern: string;
  namespace: string;
  metricName: string;
  value: string;
  defaultValue?: number;
  unit: MetricUnit;
  dimensions?: Record<string, string>;
  /** The declared samples (checked at construction), when any. */
  samples?: { match: string[]; noMatch: string[] };
}

export interface ResolvedContributorRule {
  name: string;
  logFormat: ContributorLogFormat;
  keys: string[];
  filters: { match: string; in: (string | number)[] }[];
  aggregateOn: ContributorAggregation;
  sumField?: string;
  enabled: boolean;
}

export interface ResolvedLogPipelineArgs {
  logGroupName: string;
  retentionInDays: RetentionDays;
  logClass: LogClass;
  kmsKeyArn?: pulumi.Input<string>;
  metricFilters: ResolvedMetricFilter[];
  queries: QuerySpec[];
  queryFolder: string;
  contributorRules: ResolvedContributorRule[];
  ruleNamePrefix: string;
  anomalyDetection: {
    enabled: boolean;
    evaluationFrequency: AnomalyFrequency;
    anomalyVisibilityTime: number;
  };
  protect: boolean;
  archive?: ResolvedLogArchive;
  tags: Record<string, string>;
}

const FILTER_NAME = /^[^:*]{1,512}$/;
const EXTRACTED = /^\$(\.|[A-Za-z_])/;

function isExtracted(value: string): boolean {
  return EXTRACTED.test(value);
}

/** Every problem with the arguments, each naming the field, the bad value and the fix. */
export function validateLogPipelineArgs(args: LogPipelineArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (typeof args.logGroupName !== "string" || !LOG_GROUP_NAME.test(args.logGroupName)) {
    problems.push(
      problem(
        "logGroupName",
        args.logGroupName,
        `must be ${LOG_GROUP_NAME_RULE}`,
        'use a name such as "/my-app/service"',
      ),
    );
  }
  problems.push(
    ...oneOfProblems("retentionInDays", args.retentionInDays, RETENTION_DAYS),
    ...oneOfProblems("logClass", args.logClass, LogClass),
  );
  if (args.logClass === "INFREQUENT_ACCESS") {
    for (const field of ["metricFilters", "contributorRules"] as const) {
      if ((args[field] ?? []).length > 0) {
        problems.push(
          problem(
            field,
            undefined,
            "are not supported on an INFREQUENT_ACCESS log group",
            `use logClass "STANDARD", or remove the ${field}`,
          ),
        );
      }
    }
    if (args.anomalyDetection?.enabled) {
      problems.push(
        problem(
          "anomalyDetection",
          undefined,
          "is not supported on an INFREQUENT_ACCESS log group",
          'use logClass "STANDARD", or turn anomaly detection off',
        ),
      );
    }
  }

  const seen = new Set<string>();
  for (const [i, f] of (args.metricFilters ?? []).entries()) {
    const at = `metricFilters[${i}]`;
    if (!f.name || !FILTER_NAME.test(f.name)) {
      problems.push(
        problem(
          `${at}.name`,
          f.name,
          'must be 1-512 characters without ":" or "*"',
          "name the filter without : or *",
        ),
      );
    } else problems.push(...nameCharacterProblems(`${at}.name`, f.name));
    if (seen.has(f.name))
      problems.push(
        problem(`${at}.name`, f.name, "is used by another filter", "give each filter a unique name"),
      );
    seen.add(f.name);
    if (!f.namespace || f.namespace.startsWith("AWS/")) {
      problems.push(
        problem(
          `${at}.namespace`,
          f.namespace,
          'must be a custom namespace, not empty or under "AWS/"',
          'use your own namespace, such as "MyApp"',
        ),
      );
    }
    const transformation = { value: f.value ?? "1", dimensions: f.dimensions, defaultValue: f.defaultValue };
    problems.push(...within(at, checkPattern(f.pattern, f.samples, transformation)));
  }

  const queryNames = new Set<string>();
  for (const [i, q] of (args.queries ?? []).entries()) {
    if (!q.name || queryNames.has(q.name))
      problems.push(
        problem(`queries[${i}].name`, q.name, "must be set and unique", "give each query its own name"),
      );
    else problems.push(...nameCharacterProblems(`queries[${i}].name`, q.name));
    queryNames.add(q.name);
    if (!q.query || q.query.trim() === "")
      problems.push(
        problem(
          `queries[${i}].query`,
          q.query,
          "must not be empty",
          "write a Logs Insights query, or remove it",
        ),
      );
  }

  for (const [i, r] of (args.contributorRules ?? []).entries()) {
    const at = `contributorRules[${i}]`;
    if (!r.keys || r.keys.length < 1 || r.keys.length > 4)
      problems.push(
        problem(
          `${at}.keys`,
          r.keys?.length ?? 0,
          "must have 1 to 4 entries",
          'list 1 to 4 fields, such as ["$.customerId"]',
        ),
      );
    problems.push(
      ...oneOfProblems(`${at}.logFormat`, r.logFormat, ContributorLogFormat),
      ...oneOfProblems(`${at}.aggregateOn`, r.aggregateOn, ContributorAggregation),
    );
    for (const [j, f] of (r.filters ?? []).entries()) {
      if (!f.match)
        problems.push(
          problem(`${at}.filters[${j}].match`, f.match, "must name a field", 'name one, such as "$.event"'),
        );
      if ((f.in ?? []).length + (f.inNumbers ?? []).length === 0)
        problems.push(
          problem(
            `${at}.filters[${j}]`,
            undefined,
            "needs at least one value in `in` or `inNumbers`",
            "list the values the field must have",
          ),
        );
    }
    if (r.aggregateOn === "Sum" && !r.sumField)
      problems.push(
        problem(
          `${at}.sumField`,
          undefined,
          'is required when `aggregateOn` is "Sum"',
          'name the field to sum, such as "$.bytes"',
        ),
      );
  }

  const ad = args.anomalyDetection;
  if (
    ad?.anomalyVisibilityTime !== undefined &&
    (ad.anomalyVisibilityTime < 7 || ad.anomalyVisibilityTime > 90)
  ) {
    problems.push(
      problem(
        "anomalyDetection.anomalyVisibilityTime",
        ad.anomalyVisibilityTime,
        "must be from 7 to 90 days",
        "use a number of days from 7 to 90",
      ),
    );
  }
  problems.push(
    ...oneOfProblems("anomalyDetection.evaluationFrequency", ad?.evaluationFrequency, AnomalyFrequency),
  );
  if (args.archive !== undefined) problems.push(...validateArchive(args.archive, args.logClass));
  return problems;
}

const isInt = (n: unknown, min: number, max: number): boolean =>
  typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;

function validateArchive(a: LogArchiveArgs, logClass: LogClass | undefined): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const d = LOG_PIPELINE_DEFAULTS.archive;
  const storageClass = a.storageClass ?? d.storageClass;
  const transition = a.transitionDays ?? d.transitionDays;
  problems.push(...oneOfProblems("archive.storageClass", storageClass, TransitionStorageClass));
  const minTransition = storageClass === "STANDARD_IA" || storageClass === "ONEZONE_IA" ? 30 : 0;
  if (!isInt(transition, minTransition, 36500)) {
    problems.push(
      problem(
        "archive.transitionDays",
        transition,
        `must be a whole number of days from ${minTransition} (S3's minimum for ${storageClass})`,
        `use ${minTransition} or more days`,
      ),
    );
  }
  if (
    a.expirationDays !== undefined &&
    !(isInt(a.expirationDays, 1, 36500) && a.expirationDays > transition)
  ) {
    problems.push(
      problem(
        "archive.expirationDays",
        a.expirationDays,
        `must be a whole number of days greater than \`transitionDays\` (${transition})`,
        "set it higher, or leave it unset to keep objects",
      ),
    );
  }
  const days = [
    ["noncurrentVersionDays", a.noncurrentVersionDays, 1, 36500, "a whole number of days from 1"],
    ["bufferingIntervalSeconds", a.bufferingIntervalSeconds, 0, 900, "a whole number from 0 to 900"],
    ["bufferingSizeMb", a.bufferingSizeMb, 1, 128, "a whole number from 1 to 128"],
  ] as const;
  for (const [field, value, min, max, what] of days)
    if (value !== undefined && !isInt(value, min, max))
      problems.push(problem(`archive.${field}`, value, `must be ${what}`, `use ${what}, or leave it unset`));
  const prefix = a.prefix ?? d.prefix;
  const errorPrefix = a.errorPrefix ?? d.errorPrefix;
  for (const [field, value] of [
    ["prefix", prefix],
    ["errorPrefix", errorPrefix],
  ] as const) {
    if (value.startsWith("/") || value.length > 1024) {
      problems.push(
        problem(
          `archive.${field}`,
          value,
          'must be at most 1024 characters and not start with "/"',
          'drop the leading "/", such as "logs/"',
        ),
      );
    }
  }
  if (prefix.includes("!{") && !errorPrefix.includes("!{firehose:error-output-type}")) {
    problems.push(
      problem(
        "archive.errorPrefix",
        errorPrefix,
        'must contain "!{firehose:error-output-type}" when `prefix` uses expressions (Firehose rule)',
        'add "!{firehose:error-output-type}" to it',
      ),
    );
  }
  if (staticPrefix(prefix) === staticPrefix(errorPrefix)) {
    problems.push(
      problem(
        "archive.errorPrefix",
        errorPrefix,
        `must not share the fixed part of \`prefix\` (${JSON.stringify(staticPrefix(prefix))}): failed records would mix with the archive`,
        'start it with another folder, such as "errors/"',
      ),
    );
  }
  if (logClass === "INFREQUENT_ACCESS") {
    problems.push(
      problem(
        "archive",
        undefined,
        "needs a subscription filter, which an INFREQUENT_ACCESS log group does not support",
        'use logClass "STANDARD", or remove the archive',
      ),
    );
  }
  return problems;
}

function resolveArchive(a: LogArchiveArgs): ResolvedLogArchive {
  const d = LOG_PIPELINE_DEFAULTS.archive;
  return {
    transitionDays: a.transitionDays ?? d.transitionDays,
    storageClass: a.storageClass ?? d.storageClass,
    expirationDays: a.expirationDays,
    noncurrentVersionDays: a.noncurrentVersionDays ?? d.noncurrentVersionDays,
    prefix: a.prefix ?? d.prefix,
    errorPrefix: a.errorPrefix ?? d.errorPrefix,
    bufferingIntervalSeconds: a.bufferingIntervalSeconds ?? d.bufferingIntervalSeconds,
    bufferingSizeMb: a.bufferingSizeMb ?? d.bufferingSizeMb,
    extractMessages: a.extractMessages ?? d.extractMessages,
    filterPattern: a.filterPattern ?? d.filterPattern,
  };
}

/** All defaults, decided in one place. */
export function resolveLogPipelineArgs(name: string, args: LogPipelineArgs): ResolvedLogPipelineArgs {
  return {
    logGroupName: args.logGroupName,
    retentionInDays: (args.retentionInDays ?? LOG_PIPELINE_DEFAULTS.retentionInDays) as RetentionDays,
    logClass: args.logClass ?? LOG_PIPELINE_DEFAULTS.logClass,
    kmsKeyArn: args.kmsKeyArn,
    metricFilters: (args.metricFilters ?? []).map((f) => {
      const value = f.value ?? "1";
      const constant = !isExtracted(value);
      const hasDims = Object.keys(f.dimensions ?? {}).length > 0;
      return {
        name: f.name,
        pattern: f.pattern,
        namespace: f.namespace,
        metricName: f.metricName ?? f.name,
        value,
        defaultValue: f.defaultValue ?? (constant && !hasDims ? 0 : undefined),
        unit: f.unit ?? (constant ? "Count" : "None"),
        dimensions: hasDims ? f.dimensions : undefined,
        samples: f.samples ? { match: f.samples.match ?? [], noMatch: f.samples.noMatch ?? [] } : undefined,
      };
    }),
    queries: args.queries ?? [],
    queryFolder: args.queryFolder ?? args.logGroupName.replace(/^\/+/, ""),
    contributorRules: (args.contributorRules ?? []).map((r) => ({
      name: r.name,
      logFormat: r.logFormat ?? "JSON",
      keys: r.keys,
      filters: (r.filters ?? []).map((f) => ({
        match: f.match,
        in: [...(f.in ?? []), ...(f.inNumbers ?? [])],
      })),
      aggregateOn: r.aggregateOn ?? "Count",
      sumField: r.sumField,
      enabled: r.enabled ?? true,
    })),
    ruleNamePrefix: args.ruleNamePrefix ?? name,
    anomalyDetection: {
      enabled: args.anomalyDetection?.enabled ?? LOG_PIPELINE_DEFAULTS.anomalyDetection.enabled,
      evaluationFrequency:
        args.anomalyDetection?.evaluationFrequency ??
        LOG_PIPELINE_DEFAULTS.anomalyDetection.evaluationFrequency,
      anomalyVisibilityTime:
        args.anomalyDetection?.anomalyVisibilityTime ??
        LOG_PIPELINE_DEFAULTS.anomalyDetection.anomalyVisibilityTime,
    },
    protect: args.protect ?? LOG_PIPELINE_DEFAULTS.protect,
    archive: args.archive === undefined ? undefined : resolveArchive(args.archive),
    tags: args.tags ?? {},
  };
}

/** The Contributor Insights rule body (`CloudWatchLogRule`, schema version 1). */
export function contributorRuleBody(logGroupName: string, rule: ResolvedContributorRule): string {
  return JSON.stringify({
    Schema: { Name: "CloudWatchLogRule", Version: 1 },
    LogGroupNames: [logGroupName],
    LogFormat: rule.logFormat,
    Contents: {
      Keys: rule.keys,
      ...(rule.sumField ? { ValueOf: rule.sumField } : {}),
      Filters: rule.filters.map((f) => ({ Match: f.match, In: f.in })),
    },
    AggregateOn: rule.aggregateOn,
  });
}
