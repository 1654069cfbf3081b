import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { assertValid, problem, type ArgumentProblem } from "../errors";
import { createAlarm, type AlarmSpec, type MetricMathAlarmSpec } from "./alarms";
import { AlertingPath, type AddAlarmOptions } from "./alertingPath";
import { addedAlarmProblems } from "./args";

/**
 * Where a component sends its alarms: an `AlertingPath` (TypeScript), or — from any Pulumi
 * language — the topic of one, as data. An AlertingPath is one structurally, so TypeScript callers
 * pass the path itself; its alarms then join the path's `alarms`, `alarmNames` and `alarmArns`.
 */
export interface AlertingTarget {
  /** ARN of the SNS topic the alarms notify (`AlertingPath.topicArn`). */
  topicArn: pulumi.Input<string>;
  /** ARN of the topic's KMS key (`AlertingPath.kmsKeyArn`): publishers to the topic need it. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Prefix of the alarms' names when the target is given as data (an AlertingPath uses its own).
   * @default the name of the component adding the alarm
   */
  alarmNamePrefix?: string;
}

/** Where an alarm added through `addAlarmTo` lives. */
export interface TargetAlarmOptions extends AddAlarmOptions {
  /** The component adding the alarm: its parent when the target is data, and the problems' subject. */
  owner: { component: string; name: string; resource: pulumi.Resource };
  /** Tags of the alarm when the target is data (an AlertingPath tags its alarms itself). @default {} */
  tags?: Record<string, string>;
}

/**
 * Adds a threshold or metric-math alarm on `target`: through `AlertingPath.addAlarm` when it
 * is a path, else created here under `opts.parent` (default the owner), validated the same way and
 * notifying the topic on ALARM and OK. Same resource name and parent either way, so a program
 * moving from a path to its topic keeps the alarm's URN.
 */
export function addAlarmTo(
  target: AlertingTarget,
  spec: AlarmSpec | MetricMathAlarmSpec,
  opts: TargetAlarmOptions,
): aws.cloudwatch.MetricAlarm {
  const { owner, tags, ...addOpts } = opts;
  if (AlertingPath.isAlertingPath(target)) return target.addAlarm(spec, addOpts);
  const namePrefix = target.alarmNamePrefix ?? owner.name;
  assertValid(owner.component, owner.name, addedAlarmProblems("spec", namePrefix, spec));
  const resourceName = addOpts.resourceName ?? `${owner.name}-alarm-${spec.name}`;
  const defaults = { namePrefix, topicArn: target.topicArn, tags: tags ?? {} };
  const parent = { parent: addOpts.parent ?? owner.resource };
  return createAlarm(resourceName, spec, defaults, parent);
}

/** The problems of an alerting target given as data; none for an AlertingPath. */
export function alertingTargetProblems(field: string, t: AlertingTarget | undefined): ArgumentProblem[] {
  if (AlertingPath.isAlertingPath(t)) return [];
  if (!t || typeof t !== "object")
    return [
      problem(
        field,
        t,
        "must be an AlertingPath or { topicArn, kmsKeyArn } of one",
        "pass the stack's AlertingPath",
      ),
    ];
  return (["topicArn", "kmsKeyArn"] as const)
    .filter((k) => t[k] === undefined || t[k] === "")
    .map((k) =>
      problem(
        `${field}.${k}`,
        t[k],
        "is required",
        `give the ${k === "topicArn" ? "alarm topic's ARN" : "topic key's ARN"} (AlertingPath.${k})`,
      ),
    );
}
