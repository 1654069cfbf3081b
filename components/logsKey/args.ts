import { problem, type ArgumentProblem } from "../errors";
import type * as pulumi from "@pulumi/pulumi";

export interface LogsKeyArgs {
  /**
   * Log group names the key may encrypt: exact names (`/smart-orders/processor`) or patterns with
   * `*` (`/smart-orders/*`), so one key can serve several pipelines. Required, at least one.
   */
  logGroupNames: pulumi.Input<string>[];
  /** Also let the account's log anomaly detectors in the region use the key. @default false */
  anomalyDetectors?: boolean;
  /** Key description. @default "obskit: CloudWatch Logs encryption for <names>" */
  description?: string;
  /** Waiting period before a scheduled key deletion takes effect, 7 to 30 days. @default 30 */
  deletionWindowInDays?: number;
  /** Protect the key from deletion (`protect` + `retainOnDelete`). @default false */
  protect?: boolean;
  /** Tags for the key. @default {} */
  tags?: Record<string, string>;
}

/** The defaults of LogsKeyArgs, written once. */
export const LOGS_KEY_DEFAULTS = { anomalyDetectors: false, deletionWindowInDays: 30 } as const;

export interface ResolvedLogsKeyArgs {
  logGroupNames: pulumi.Input<string>[];
  anomalyDetectors: boolean;
  description?: string;
  deletionWindowInDays: number;
  protect: boolean;
  tags: Record<string, string>;
}

/** Every problem with the arguments, each naming the field, the bad value and the fix. */
export function validateLogsKeyArgs(args: LogsKeyArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (!args.logGroupNames || args.logGroupNames.length === 0) {
    problems.push(
      problem(
        "logGroupNames",
        args.logGroupNames,
        "must name at least one log group or pattern",
        'list the log groups the key encrypts, such as "/my-app/*"',
      ),
    );
  }
  const w = args.deletionWindowInDays;
  if (w !== undefined && (!Number.isInteger(w) || w < 7 || w > 30)) {
    problems.push(
      problem(
        "deletionWindowInDays",
        w,
        "must be a whole number from 7 to 30",
        "use 7 to 30 days, or leave it unset",
      ),
    );
  }
  return problems;
}

export function resolveLogsKeyArgs(args: LogsKeyArgs): ResolvedLogsKeyArgs {
  return {
    logGroupNames: args.logGroupNames,
    anomalyDetectors: args.anomalyDetectors ?? LOGS_KEY_DEFAULTS.anomalyDetectors,
    description: args.description,
    deletionWindowInDays: args.deletionWindowInDays ?? LOGS_KEY_DEFAULTS.deletionWindowInDays,
    protect: args.protect ?? false,
    tags: args.tags ?? {},
  };
}
