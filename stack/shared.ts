import * as pulumi from "@pulumi/pulumi";
import {
  AlertingPath,
  type AlarmSpec,
  type Dashboard,
  type LogPipeline,
  type LogPipelineArgs,
} from "../components";
import type { StackOutputKey, StackOutputsInput } from "./outputs";
import type { Settings } from "./settings";

/** What every system of the stack shares: built once by `createStack`, passed to each `compose*`. */
export interface Shared {
  /** Tags on every resource of the stack. */
  readonly tags: Record<string, string>;
  /** The stage, prefix of alarm and function names. */
  readonly prefix: string;
  /** The settings every log group of the stack shares (retention, class, protection, tags). */
  readonly logDefaults: Pick<LogPipelineArgs, "retentionInDays" | "logClass" | "protect" | "tags">;
  /** The one alarm topic; systems add their alarms to it with `addAlarm`. */
  readonly alerting: AlertingPath;
}

/** The piece of the stack outputs one system contributes; `K`: its top-level outputs (`stack/outputs.ts`). */
export interface SystemOutputs<K extends StackOutputKey = never> {
  /** Its log pipelines, by the key they have in `logGroupNames` / `logGroupArns`. */
  readonly logGroups?: Record<string, LogPipeline>;
  /** Its KMS keys, by the key they have in `kmsKeyArns`. */
  readonly kmsKeyArns?: Record<string, pulumi.Input<string>>;
  /** Its dashboards, by the key they have in `dashboardNames` / `dashboardUrls`. */
  readonly dashboards?: Record<string, Dashboard>;
  /** Its top-level outputs, typed by the stack-output contract. */
  readonly outputs: Pick<StackOutputsInput, K>;
}

/** An output that is empty because its system is disabled in this stage. */
export const NONE = pulumi.output("");

export function createShared(s: Settings): Shared {
  const tags = { environment: s.environment, "managed-by": "pulumi", ...s.tags };
  return {
    tags,
    prefix: s.environment,
    logDefaults: { retentionInDays: s.logRetentionDays, logClass: s.logClass, protect: s.protect, tags },
    alerting: new AlertingPath("alerts", {
      emails: s.alertEmails,
      alarmNamePrefix: s.environment,
      protect: s.protect,
      tags,
    }),
  };
}

type Threshold = Settings["alarms"]["paymentFailures"];

/** A threshold alarm on a pipeline's filter metric, from a threshold map of the config. */
export function filterAlarm(name: string, pipeline: LogPipeline, filter: string, c: Threshold): AlarmSpec {
  return {
    name,
    metric:
      c.periodSeconds === undefined
        ? pipeline.metric(filter)
        : pipeline.metric(filter).with({ periodSeconds: c.periodSeconds }),
    threshold: c.threshold,
    comparison: ">=",
    evaluationPeriods: c.evaluationPeriods,
    datapointsToAlarm: c.datapointsToAlarm,
    treatMissingData: "notBreaching",
  };
}
