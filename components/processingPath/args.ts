import type * as pulumi from "@pulumi/pulumi";
import { alertingTargetProblems, type AlertingTarget } from "../alertingPath/target";
import { RETENTION_DAYS } from "../logPipeline/constants";
import { checkPattern } from "../logPipeline/patterns";
import { problem, type ArgumentProblem } from "../errors";
import { oneOfProblems } from "../shared/oneOf";

import { SEVERITY_ORDER, SHARED_DEFAULTS, type Severity } from "./handler/contract";

export type { Severity };

/** ERROR-level events and worse, in plain text or JSON (`"level":"ERROR"` contains the term). */
export const DEFAULT_ERROR_PATTERN = "?ERROR ?FATAL ?CRITICAL";

/**
 * The log group a ProcessingPath subscribes to: a `LogPipeline` (TypeScript), or — from any Pulumi
 * language — its group as data. A LogPipeline is one structurally.
 */
export interface LogSource {
  /** Name of the log group (`LogPipeline.logGroupName`). */
  logGroupName: pulumi.Input<string>;
  /** ARN of the log group (`LogPipeline.logGroupArn`). */
  logGroupArn: pulumi.Input<string>;
}

export interface ProcessingPathArgs {
  /** The log group whose events are processed: a LogPipeline, or its group's name and ARN. Required. */
  source: LogSource;
  /**
   * Where the dead-letter-queue alarm (and notifications) go: an AlertingPath, or its
   * `{ topicArn, kmsKeyArn }`. Required.
   */
  alerting: AlertingTarget;
  /** Subscription filter pattern (checked at construction). @default DEFAULT_ERROR_PATTERN */
  filterPattern?: string;
  /** Physical name of the processor function (its log group and alarms name it). @default "<name>-processor" */
  functionName?: string;
  /** Processor memory in MB, 128 to 10240. @default 256 */
  memoryMb?: number;
  /** Processor timeout in seconds, 1 to 900. @default 30 */
  timeoutSeconds?: number;
  /** Reserved concurrency, or undefined for the account's unreserved pool. @default undefined */
  reservedConcurrency?: number;
  /** Retries of a failed asynchronous invocation, 0 to 2. @default 2 */
  maximumRetryAttempts?: number;
  /** Oldest event age (seconds) still processed, 60 to 21600. @default 3600 */
  maximumEventAgeSeconds?: number;
  /** Events at/above this severity become incidents. @default "ERROR" */
  minSeverity?: Severity;
  /** Days until an incident expires through the table's TTL; 0 keeps incidents forever. @default 90 */
  incidentTtlDays?: number;
  /** Publish a summary of incidents at/above this severity to the alerting topic. @default undefined (no notification) */
  notifyMinSeverity?: Severity;
  /** Retention of the processor's own log group. @default 30 */
  logRetentionDays?: number;
  /** Protect the table (with point-in-time recovery and deletion protection), keys and log group. @default false */
  protect?: boolean;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** The defaults of ProcessingPathArgs, written once (docs/configuration.md states the same). */
export const PROCESSING_PATH_DEFAULTS = {
  filterPattern: DEFAULT_ERROR_PATTERN,
  memoryMb: 256,
  timeoutSeconds: 30,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 3600,
  minSeverity: SHARED_DEFAULTS.minSeverity,
  incidentTtlDays: SHARED_DEFAULTS.incidentTtlDays,
  logRetentionDays: 30,
  protect: false,
} as const;

export interface ResolvedProcessingPathArgs {
  source: LogSource;
  alerting: AlertingTarget;
  filterPattern: string;
  functionName: string;
  memoryMb: number;
  timeoutSeconds: number;
  reservedConcurrency?: number;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  minSeverity: Severity;
  incidentTtlDays: number;
  notifyMinSeverity?: Severity;
  logRetentionDays: number;
  protect: boolean;
  tags: Record<string, string>;
}

function inRange(v: number | undefined, min: number, max: number): boolean {
  return v === undefined || (Number.isInteger(v) && v >= min && v <= max);
}

/** Every problem with the arguments, each naming the field, the bad value and the fix. */
export function validateProcessingPathArgs(args: ProcessingPathArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (!args.source || typeof args.source !== "object")
    problems.push(
      problem(
        "source",
        args.source,
        "is required",
        "pass the LogPipeline whose events are processed (or its { logGroupName, logGroupArn })",
      ),
    );
  else
    for (const k of ["logGroupName", "logGroupArn"] as const)
      if (args.source[k] === undefined || args.source[k] === "")
        problems.push(
          problem(
            `source.${k}`,
            args.source[k],
            "is required",
            `give the processed log group's ${k === "logGroupName" ? "name" : "ARN"} (LogPipeline.${k})`,
          ),
        );
  if (!args.alerting)
    problems.push(
      problem(
        "alerting",
        args.alerting,
        "is required",
        "pass the AlertingPath notified when batches land in the dead-letter queue (or its { topicArn, kmsKeyArn })",
      ),
    );
  else problems.push(...alertingTargetProblems("alerting", args.alerting));
  if (args.filterPattern !== undefined) {
    problems.push(
      ...checkPattern(args.filterPattern).map((p) => ({
        ...p,
        propertyPath: p.propertyPath === "pattern" ? "filterPattern" : p.propertyPath,
      })),
    );
  }
  const ranges: [keyof ProcessingPathArgs, number, number][] = [
    ["memoryMb", 128, 10240],
    ["timeoutSeconds", 1, 900],
    ["reservedConcurrency", 0, 1000],
    ["maximumRetryAttempts", 0, 2],
    ["maximumEventAgeSeconds", 60, 21600],
    ["incidentTtlDays", 0, 3650],
  ];
  for (const [field, min, max] of ranges) {
    const v = args[field] as number | undefined;
    if (!inRange(v, min, max))
      problems.push(
        problem(
          field,
          v,
          `must be a whole number from ${min} to ${max}`,
          `use ${min} to ${max}, or leave it unset`,
        ),
      );
  }
  for (const field of ["minSeverity", "notifyMinSeverity"] as const)
    problems.push(...oneOfProblems(field, args[field], SEVERITY_ORDER));
  if (
    args.logRetentionDays !== undefined &&
    !(RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)
  ) {
    problems.push(...oneOfProblems("logRetentionDays", args.logRetentionDays, RETENTION_DAYS));
  }
  if (args.functionName !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(args.functionName)) {
    problems.push(
      problem(
        "functionName",
        args.functionName,
        "must be 1-64 letters, digits, - or _",
        'use a name such as "orders-processor", or leave it unset',
      ),
    );
  }
  return problems;
}

export function resolveProcessingPathArgs(
  name: string,
  args: ProcessingPathArgs,
): ResolvedProcessingPathArgs {
  return {
    source: args.source,
    alerting: args.alerting,
    filterPattern: args.filterPattern ?? PROCESSING_PATH_DEFAULTS.filterPattern,
    functionName: args.functionName ?? `${name}-processor`,
    memoryMb: args.memoryMb ?? PROCESSING_PATH_DEFAULTS.memoryMb,
    timeoutSeconds: args.timeoutSeconds ?? PROCESSING_PATH_DEFAULTS.timeoutSeconds,
    reservedConcurrency: args.reservedConcurrency,
    maximumRetryAttempts: args.maximumRetryAttempts ?? PROCESSING_PATH_DEFAULTS.maximumRetryAttempts,
    maximumEventAgeSeconds: args.maximumEventAgeSeconds ?? PROCESSING_PATH_DEFAULTS.maximumEventAgeSeconds,
    minSeverity: args.minSeverity ?? PROCESSING_PATH_DEFAULTS.minSeverity,
    incidentTtlDays: args.incidentTtlDays ?? PROCESSING_PATH_DEFAULTS.incidentTtlDays,
    notifyMinSeverity: args.notifyMinSeverity,
    logRetentionDays: args.logRetentionDays ?? PROCESSING_PATH_DEFAULTS.logRetentionDays,
    protect: args.protect ?? PROCESSING_PATH_DEFAULTS.protect,
    tags: args.tags ?? {},
  };
}
