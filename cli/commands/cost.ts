import { ASSUMPTION_DEFAULTS, type Assumptions } from "../cost/assumptions";
import type * as ReportModule from "../cost/report";
import type * as RenderModule from "../cost/render";
import { processIo, REPO_ROOT, reportFailure, UsageError, type CommandIo } from "../command";
import { describeRange, numberFlag, parseFlags, type NumberRange } from "../flags";

const RATIO: NumberRange = { min: 0, max: 1 };

/**
 * Each assumption flag: the assumption it sets and the values that make sense. The upper bounds
 * are far above any one stack (100 TB of logs a day, ten billion invocations a month) and far below
 * a typo's 1e9: an estimate past them says nothing.
 */
const NUMBER_FLAGS = {
  "ingest-gb-per-day": { key: "ingestGbPerDay", range: { min: 0, max: 100_000, unit: "GB per day" } },
  "lambda-invocations": {
    key: "lambdaInvocationsPerMonth",
    range: { min: 0, max: 1e10, integer: true, unit: "invocations per month" },
  },
  "lambda-duration-ratio": { key: "lambdaDurationRatio", range: RATIO },
  "alarm-notifications": {
    key: "alarmNotificationsPerMonth",
    range: { min: 0, max: 1e8, integer: true, unit: "notifications per month" },
  },
  "s3-gb-per-bucket": { key: "s3GbPerBucket", range: { min: 0, max: 1e6, unit: "GB" } },
  "s3-data-events": {
    key: "s3DataEventsPerMonth",
    range: { min: 0, max: 1e12, integer: true, unit: "events per month" },
  },
  "lambda-data-events": {
    key: "lambdaDataEventsPerMonth",
    range: { min: 0, max: 1e12, integer: true, unit: "events per month" },
  },
  "ci-match-ratio": { key: "contributorInsightsMatchRatio", range: RATIO },
} as const satisfies Record<string, { key: keyof Assumptions; range: NumberRange }>;

const USAGE = `usage: obskit cost --stack <name> [--json] [--ingest-gb-per-day N] [assumption flags]

Estimates the stack's monthly AWS bill per line item from its own resources and settings (the
offline plan of \`obskit plan\`), at the list prices of cli/cost/prices/<region>.json. Shows what each
per-stage setting costs (retention, anomaly detection, log class: the stack re-planned with the other
value) and compares with the platform monitoring module's design estimate. --json: the same numbers as one JSON object.

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
Accepted values:
${Object.entries(NUMBER_FLAGS)
  .map(([flag, { range }]) => `  --${flag.padEnd(24)}${describeRange(range)}`)
  .join("\n")}
Exit code: 0 estimated, 2 bad usage, config or missing price table, 70 an internal error (a bug).`;

/** `obskit cost --stack prod [--json] [--ingest-gb-per-day N]`. */
export async function run(argv: string[], io: CommandIo = processIo, root = REPO_ROOT): Promise<number> {
  let stack: string;
  let json: boolean;
  const assumptions: Assumptions = { ...ASSUMPTION_DEFAULTS };
  try {
    const { values } = parseFlags("cost", argv, {
      stack: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ...Object.fromEntries(Object.keys(NUMBER_FLAGS).map((k) => [k, { type: "string" as const }])),
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (typeof values.stack !== "string" || values.stack === "")
      throw new UsageError("--stack is required (e.g. --stack prod)");
    stack = values.stack;
    json = values.json === true;
    for (const [flag, { key, range }] of Object.entries(NUMBER_FLAGS)) {
      const raw = (values as Record<string, unknown>)[flag];
      if (typeof raw === "string") assumptions[key] = numberFlag(flag, raw, range);
    }
  } catch (err) {
    return reportFailure(io, "cost", argv, err, { json: argv.includes("--json") });
  }
  try {
    // the SDK and the price tables load only now: a mistyped flag is told at once
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { costReport } = require("../cost/report") as typeof ReportModule;
    const { renderCost } = require("../cost/render") as typeof RenderModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const report = await costReport(stack, assumptions, { root });
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : renderCost(report));
  } catch (err) {
    return reportFailure(io, "cost", argv, err, { json });
  }
  return 0;
}
