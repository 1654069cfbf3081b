import * as fs from "node:fs";
import * as path from "node:path";
import type * as PreviewModule from "../../engines/dashboardPreview/preview";
import type { PreviewData } from "../../engines/dashboardPreview/preview";
import { processIo, REPO_ROOT, reportFailure, UsageError, type CommandIo } from "../command";
import { checkInputFile, checkOutputFolder, fileProblem, makeOutputFolder, writeOutputFile } from "../files";
import { parseFlags } from "../flags";
import type * as PlanModule from "../plan/plan";
import type { Plan } from "../plan/plan";

const USAGE = `usage: obskit dashboard --stack <name> --out <dir> [--data <file.json>]

Runs the stack offline under mocks (as \`obskit plan\` does) and writes one self-contained HTML file
per CloudWatch dashboard of the stack to <dir> (<dashboard name>.html): the widgets laid out on the
24-column grid as CloudWatch does, with their titles, kinds, metrics, queries and alarm thresholds,
drawn with Chart.js inlined in the file (opening it needs no network).
--data: a JSON object of datapoints by metric key, {"SmartOrders/PaymentFailures": [[epochMs, value], …],
"AWS/SQS/ApproximateNumberOfMessagesVisible{QueueName=q}": …}; a key ending in @<statistic>
("SmartOrders/ProcessingTime@p99") feeds only the lines of that statistic; graphs without data say "no data yet".
--out: created if missing; in an existing folder the previews replace those of the same name, and
nothing else is touched. A file at <dir> is refused.
Exit code: 0 written, 2 bad usage, config, data or output folder, 70 an internal error (a bug).`;

const DATA_HOLDS = "a JSON object of metric key → [[epochMs, value], …]";

function readData(file: string): PreviewData {
  checkInputFile("--data", file, { holds: DATA_HOLDS });
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw fileProblem("--data", file, "read it", err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    // JSON.parse quotes the text around the error, line ends included: one line here
    const why = (err as Error).message.replace(/\s+/g, " ");
    throw new UsageError(`--data ${file}: is not JSON (${why}); give ${DATA_HOLDS}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new UsageError(`--data ${file}: must be ${DATA_HOLDS}`);
  for (const [k, v] of Object.entries(parsed))
    if (
      !Array.isArray(v) ||
      v.some((p) => !Array.isArray(p) || p.length !== 2 || p.some((x) => typeof x !== "number"))
    )
      throw new UsageError(`--data ${file}: ${JSON.stringify(k)} must be an array of [epochMs, value] pairs`);
  return parsed as PreviewData;
}

/** `obskit dashboard --stack dev --out <dir>`: an HTML preview of every dashboard of the stack. */
export async function run(
  argv: string[],
  io: CommandIo = processIo,
  root = REPO_ROOT,
  deps: {
    /** The stack's plan (default: planned offline from Pulumi.<stack>.yaml under `root`). */
    plan?: (stack: string) => Promise<Plan>;
  } = {},
): Promise<number> {
  let values: { stack?: string; out?: string; data?: string; help?: boolean };
  let data: PreviewData = {};
  try {
    ({ values } = parseFlags("dashboard", argv, {
      stack: { type: "string" },
      out: { type: "string" },
      data: { type: "string" },
      help: { type: "boolean", short: "h" },
    }));
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (!values.stack) throw new UsageError("--stack is required (e.g. --stack dev)");
    if (!values.out)
      throw new UsageError("--out is required: the folder the previews go to (e.g. --out dist/dashboards)");
    // before planning: a folder that cannot be written fails at once
    checkOutputFolder("--out", values.out);
    if (values.data) data = readData(values.data);
  } catch (err) {
    return reportFailure(io, "dashboard", argv, err);
  }
  const out = values.out;
  try {
    // the SDK and the renderer load only now: a mistyped flag is told at once
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { planStack } = require("../plan/plan") as typeof PlanModule;
    const { renderPreview } = require("../../engines/dashboardPreview/preview") as typeof PreviewModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const plan = await (deps.plan ?? ((name: string) => planStack(name, root)))(values.stack);
    const dashboards = plan.run.resources.filter((r) => r.type === "aws:cloudwatch/dashboard:Dashboard");
    makeOutputFolder("--out", out);
    for (const d of dashboards) {
      const name = String(d.inputs.dashboardName);
      const file = path.join(out, `${name}.html`);
      writeOutputFile("--out", file, renderPreview(String(d.inputs.dashboardBody), data, { title: name }));
      io.stdout(`${file}\n`);
    }
    if (dashboards.length === 0) io.stderr(`obskit dashboard: stack ${values.stack} declares no dashboard\n`);
  } catch (err) {
    return reportFailure(io, "dashboard", argv, err);
  }
  return 0;
}
