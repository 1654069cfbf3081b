import { parseArgs } from "node:util";
import { ASSUMPTION_DEFAULTS, type Assumptions } from "../cost/assumptions";
import { costReport } from "../cost/report";
import { renderCost } from "../cost/render";
import { processIo, UsageError, type CommandIo } from "../command";
import { REPO_ROOT } from "../plan/plan";

const USAGE = `usage: obskit cost --stack <name> [--json] [--ingest-gb-per-day N] [assumption flags]

Estimates the stack's monthly AWS bill per line item from its own resources and settings (the
offline plan of \`obskit plan\`), at the list prices of cli/cost/prices/<region>.json. Shows what each
per-stage setting costs (retention, anomaly detection, log class: the stack re-planned with the other
value) and compares with seed 003's own estimate. --json: the same numbers as one JSON object.

Traffic the plan cannot know is assumed; each assumption is printed with the line it drives:
  --ingest-gb-per-day N       log ingestion of the whole stack, split evenly across its log groups
                              (default: ${ASSUMPTION_DEFAULTS.ingestGbPerDayPerLogGroup} GB/day per log group)
  --lambda-invocations N      invocations/month of each unscheduled function (default ${ASSUMPTION_DEFAULTS.lambdaInvocationsPerMonth})
  --lambda-duration-ratio R   average duration as a share of the timeout (default ${ASSUMPTION_DEFAULTS.lambdaDurationRatio})
  --alarm-notifications N     alarm notifications/month (default ${ASSUMPTION_DEFAULTS.alarmNotificationsPerMonth})
  --s3-gb-per-bucket N        GB stored per bucket (default ${ASSUMPTION_DEFAULTS.s3GbPerBucket})
  --s3-data-events N          CloudTrail S3 data events/month (default ${ASSUMPTION_DEFAULTS.s3DataEventsPerMonth})
  --lambda-data-events N      CloudTrail Lambda data events/month (default ${ASSUMPTION_DEFAULTS.lambdaDataEventsPerMonth})
  --ci-match-ratio R          share of events a Contributor Insights rule matches (default ${ASSUMPTION_DEFAULTS.contributorInsightsMatchRatio})
Exit code: 0 estimated, 2 bad usage, config or missing price table.`;

const NUMBER_FLAGS = {
  "ingest-gb-per-day": "ingestGbPerDay",
  "lambda-invocations": "lambdaInvocationsPerMonth",
  "lambda-duration-ratio": "lambdaDurationRatio",
  "alarm-notifications": "alarmNotificationsPerMonth",
  "s3-gb-per-bucket": "s3GbPerBucket",
  "s3-data-events": "s3DataEventsPerMonth",
  "lambda-data-events": "lambdaDataEventsPerMonth",
  "ci-match-ratio": "contributorInsightsMatchRatio",
} as const satisfies Record<string, keyof Assumptions>;

const RATIOS = new Set(["lambda-duration-ratio", "ci-match-ratio"]);

/** Errors that are the user's to fix: the message says everything. */
const EXPECTED = new Set(["StackConfigError", "ConfigError", "ObskitArgsError", "PriceTableError"]);

/** `obskit cost --stack prod [--json] [--ingest-gb-per-day N]`. */
export async function run(argv: string[], io: CommandIo = processIo, root = REPO_ROOT): Promise<number> {
  let stack: string;
  let json: boolean;
  const assumptions: Assumptions = { ...ASSUMPTION_DEFAULTS };
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(Object.keys(NUMBER_FLAGS).map((k) => [k, { type: "string" as const }])),
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (typeof values.stack !== "string" || values.stack === "") throw new UsageError("--stack is required");
    stack = values.stack;
    json = values.json === true;
    for (const [flag, key] of Object.entries(NUMBER_FLAGS)) {
      const raw = (values as Record<string, unknown>)[flag];
      if (raw === undefined) continue;
      const n = Number(raw);
      if (
        typeof raw !== "string" ||
        raw.trim() === "" ||
        !Number.isFinite(n) ||
        n < 0 ||
        (RATIOS.has(flag) && n > 1)
      )
        throw new UsageError(
          `--${flag} must be a number ${RATIOS.has(flag) ? "between 0 and 1" : "≥ 0"}, not ${JSON.stringify(raw)}`,
        );
      assumptions[key] = n;
    }
  } catch (err) {
    io.stderr(`obskit cost: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let report;
  try {
    report = await costReport(stack, assumptions, { root });
  } catch (err) {
    const e = err as Error;
    io.stderr(`obskit cost: ${EXPECTED.has(e.name) ? e.message : (e.stack ?? e.message)}\n`);
    return 2;
  }
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : renderCost(report));
  return 0;
}
