import type * as CloudWatchModule from "@aws-sdk/client-cloudwatch";
import type * as CloudWatchLogsModule from "@aws-sdk/client-cloudwatch-logs";
import { processIo, REPO_ROOT, reportFailure, UsageError, type CommandIo } from "../command";
import { numberFlag, parseFlags, type NumberRange } from "../flags";
import type * as PlanModule from "../plan/plan";
import type * as ModelModule from "../verify/model";
import type { VerifyModel } from "../verify/model";
import type * as VerifyModule from "../verify/verify";
import type { Clock, VerifyClients, VerifyReport } from "../verify/verify";

/* eslint-disable @typescript-eslint/no-require-imports */
/** The AWS SDK, the plan and the checks load only when they are used: a mistyped flag is told at once. */
const verifyModule = (): typeof VerifyModule => require("../verify/verify") as typeof VerifyModule;
/* eslint-enable @typescript-eslint/no-require-imports */

export const PROTECTED_FLAG = "i-know-this-stage-is-protected";

const usage = (): string => `usage: obskit verify --stack <name> [--json] [--query-timeout <s>]
                     [--fire [--alarm <key>]… [--timeout <s>] [--${PROTECTED_FLAG}]]

Checks a deployed stack against its offline plan, with the AWS credentials of the stack's account
(the usual chain: AWS_PROFILE, environment, SSO, instance role) in the region of Pulumi.<name>.yaml:
- every metric filter's declared samples through CloudWatch Logs TestMetricFilter (≤ 50 events a
  call), reporting each line where AWS's match or extracted values differ from obskit's
  filter-pattern engine;
- every saved Logs Insights query run once over the last 5 minutes (StartQuery, GetQueryResults),
  reporting syntax errors (MalformedQueryException) and queries that fail or do not finish in
  --query-timeout seconds (60).
--fire also writes a synthetic incident: for each alarm on a log metric filter that one of the
  filter's samples can breach (or only the --alarm keys given, as in the stack output alarmNames),
  it creates a log stream obskit-verify-fire/<alarm>/<time> in the filter's log group, puts enough
  copies of that sample with PutLogEvents to breach (once per period for M-of-N alarms) and polls
  DescribeAlarms until the alarm enters ALARM; it reports the time to alarm. Default timeout: the
  alarm's period × evaluation periods + ${verifyModule().FIRE_MARGIN_SECONDS} s (--timeout overrides). Stages with
  obskit:protect true or named prod are refused unless --${PROTECTED_FLAG} is given.
--query-timeout takes 1 to 3600 seconds (Logs Insights stops a query after 60 minutes), --timeout 1 to
86400. With --json, a failure (no credentials, bad config) is also a JSON object on stdout:
{ "ok": false, "error": { "kind": "credentials", "message": "…" } }.
Exit code: 0 everything agrees, 1 a disagreement or a failed check, 2 usage, config or credentials,
70 an internal error (a bug: the message says how to report it).`;

const SECONDS: Readonly<Record<"timeout" | "query-timeout", NumberRange>> = {
  timeout: { min: 1, max: 86_400, integer: true, unit: "seconds" },
  "query-timeout": { min: 1, max: 3600, integer: true, unit: "seconds" },
};

export interface VerifyDeps {
  /** Builds the clients for the stack's region (default: the AWS SDK's own credential chain). */
  clients?: (region: string) => VerifyClients;
  clock?: Clock;
  /** Poll interval of GetQueryResults, ms. @default 1000 */
  pollMs?: number;
  /** Poll interval of DescribeAlarms while firing, ms. @default 10000 */
  firePollMs?: number;
  /** The stack's verify model (default: planned offline from Pulumi.<stack>.yaml). */
  model?: (stack: string) => Promise<VerifyModel>;
}

function defaultClients(region: string): VerifyClients {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { CloudWatchClient } = require("@aws-sdk/client-cloudwatch") as typeof CloudWatchModule;
  const { CloudWatchLogsClient } = require("@aws-sdk/client-cloudwatch-logs") as typeof CloudWatchLogsModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { logs: new CloudWatchLogsClient({ region }), cloudwatch: new CloudWatchClient({ region }) };
}

function seconds(flag: keyof typeof SECONDS, v: string | undefined): number | undefined {
  return v === undefined ? undefined : numberFlag(flag, v, SECONDS[flag]);
}

function renderText(r: VerifyReport): string {
  const out: string[] = [
    `stack ${r.stack} (${r.region})`,
    "",
    "metric filters (TestMetricFilter vs obskit's engine):",
  ];
  for (const f of r.filters) {
    const head = `  ${f.ok ? "ok  " : "FAIL"} ${f.filter} on ${f.logGroupName}: ${f.samplesTested} sample(s), ${f.calls} call(s)`;
    out.push(
      f.error ? `${head}: ${f.error}` : f.ok ? head : `${head}, ${f.disagreements.length} disagreement(s)`,
    );
    for (const d of f.disagreements)
      out.push(`       ${d.reason} (declared ${d.declared}): ${JSON.stringify(d.sample.slice(0, 200))}`);
    for (const s of f.skipped)
      out.push(`       skipped ${JSON.stringify(s.sample.slice(0, 80))}: ${s.reason}`);
  }
  if (!r.filters.length) out.push("  (no filter declares samples)");
  out.push("", "saved queries (StartQuery / GetQueryResults):");
  for (const q of r.queries)
    out.push(`  ${q.ok ? "ok  " : "FAIL"} ${q.query}: ${q.ok ? q.status : (q.error ?? q.status)}`);
  if (!r.queries.length) out.push("  (no saved query)");
  if (r.fire) {
    out.push("", "--fire:");
    for (const f of r.fire.fired)
      out.push(
        f.ok
          ? `  ok   ${f.alarm}: ALARM ${f.timeToAlarmSeconds} s after writing ${f.eventsWritten} event(s) to ${f.logGroupName} (${f.logStreamName})`
          : `  FAIL ${f.alarm}: ${f.error ?? "did not reach ALARM"}${f.stateReason ? ` — ${f.stateReason}` : ""}`,
      );
    for (const n of r.fire.notFireable) out.push(`  skip ${n.alarm}: ${n.reason}`);
  }
  const notChecked = Object.entries(r.notChecked ?? {});
  if (notChecked.length)
    out.push(
      "",
      `not checked (planned, not looked up): ${notChecked.map(([kind, n]) => `${n} ${kind}`).join(", ")}`,
    );
  out.push("", r.ok ? "verdict: AWS agrees with the plan" : "verdict: FAILED (see FAIL lines)");
  return `${out.join("\n")}\n`;
}

/** `obskit verify --stack dev [--fire]`: the deployed stack checked against its plan. */
export async function run(
  argv: string[],
  io: CommandIo = processIo,
  root = REPO_ROOT,
  deps: VerifyDeps = {},
): Promise<number> {
  let values: {
    stack?: string;
    json?: boolean;
    fire?: boolean;
    alarm?: string[];
    timeout?: string;
    "query-timeout"?: string;
    [PROTECTED_FLAG]?: boolean;
    help?: boolean;
  };
  let fireTimeout: number | undefined;
  let queryTimeout: number;
  try {
    ({ values } = parseFlags("verify", argv, {
      stack: { type: "string" },
      json: { type: "boolean" },
      fire: { type: "boolean" },
      alarm: { type: "string", multiple: true },
      timeout: { type: "string" },
      "query-timeout": { type: "string" },
      [PROTECTED_FLAG]: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    }));
    if (values.help) {
      io.stdout(`${usage()}\n`);
      return 0;
    }
    if (!values.stack) throw new UsageError("--stack is required (e.g. --stack dev)");
    if (!values.fire && (values.alarm?.length || values.timeout || values[PROTECTED_FLAG]))
      throw new UsageError(`--alarm, --timeout and --${PROTECTED_FLAG} go with --fire`);
    fireTimeout = seconds("timeout", values.timeout);
    queryTimeout = seconds("query-timeout", values["query-timeout"]) ?? 60;
  } catch (err) {
    return reportFailure(io, "verify", argv, err, { json: argv.includes("--json") });
  }
  const json = values.json === true;

  const { realClock, selectAlarms, verifyStack } = verifyModule();
  let model: VerifyModel;
  try {
    if (deps.model) model = await deps.model(values.stack);
    else {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { planStack } = require("../plan/plan") as typeof PlanModule;
      const { modelFromPlan } = require("../verify/model") as typeof ModelModule;
      /* eslint-enable @typescript-eslint/no-require-imports */
      model = modelFromPlan(await planStack(values.stack, root));
    }
    if (!model.region) throw new UsageError(`stack ${values.stack}: aws:region is not set`);
    if (values.fire) {
      try {
        selectAlarms(model, values.alarm ?? []);
      } catch (err) {
        // an --alarm key the stack does not have: the message names it and the known keys
        throw new UsageError((err as Error).message, { cause: err });
      }
      if ((model.protect || model.environment === "prod") && !values[PROTECTED_FLAG])
        throw new UsageError(
          `--fire writes synthetic incidents into stage ${model.environment} (${model.protect ? "obskit:protect is true" : "a production stage"}) ` +
            `and will page whoever its alarms notify; refusing without --${PROTECTED_FLAG}`,
        );
    }
  } catch (err) {
    return reportFailure(io, "verify", argv, err, { json });
  }

  const clients = (deps.clients ?? defaultClients)(model.region);
  let report: VerifyReport;
  try {
    report = await verifyStack(model, clients, deps.clock ?? realClock, {
      fire: values.fire === true,
      alarms: values.alarm ?? [],
      fireTimeoutSeconds: fireTimeout,
      queryTimeoutMs: queryTimeout * 1000,
      pollMs: deps.pollMs ?? 1000,
      firePollMs: deps.firePollMs ?? 10_000,
      announce: (text) => io.stderr(`obskit verify: ${text}\n`),
    });
  } catch (err) {
    // a credentials message names the command already: `obskit verify needs AWS credentials …`
    return reportFailure(io, "verify", argv, err, {
      json,
      bare: err instanceof Error && err.name === "CredentialsError",
    });
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
  return report.ok ? 0 : 1;
}
