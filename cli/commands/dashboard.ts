import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderPreview, type PreviewData } from "../../engines/dashboardPreview/preview";
import { processIo, UsageError, type CommandIo } from "../command";
import { planStack, REPO_ROOT, type Plan } from "../plan/plan";

const USAGE = `usage: obskit dashboard --stack <name> --out <dir> [--data <file.json>]

Runs the stack offline under mocks (as \`obskit plan\` does) and writes one self-contained HTML file
per CloudWatch dashboard of the stack to <dir> (<dashboard name>.html): the widgets laid out on the
24-column grid as CloudWatch does, with their titles, kinds, metrics, queries and alarm thresholds,
drawn with Chart.js inlined in the file (opening it needs no network).
--data: a JSON object of datapoints by metric key, {"SmartOrders/PaymentFailures": [[epochMs, value], …],
"AWS/SQS/ApproximateNumberOfMessagesVisible{QueueName=q}": …}; a key ending in @<statistic>
("SmartOrders/ProcessingTime@p99") feeds only the lines of that statistic; graphs without data say "no data yet".
Exit code: 0 written, 2 bad usage, config or data.`;

function readData(file: string): PreviewData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--data ${file}: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new UsageError(`--data ${file}: must be a JSON object of metric key → [[epochMs, value], …]`);
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
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        out: { type: "string" },
        data: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (!values.stack) throw new UsageError("--stack is required");
    if (!values.out) throw new UsageError("--out is required");
    if (values.data) data = readData(values.data);
  } catch (err) {
    io.stderr(`obskit dashboard: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let plan;
  try {
    plan = await (deps.plan ?? ((name: string) => planStack(name, root)))(values.stack);
  } catch (err) {
    io.stderr(`obskit dashboard: ${(err as Error).message}\n`);
    return 2;
  }
  const dashboards = plan.run.resources.filter((r) => r.type === "aws:cloudwatch/dashboard:Dashboard");
  fs.mkdirSync(values.out, { recursive: true });
  for (const d of dashboards) {
    const name = String(d.inputs.dashboardName);
    const file = path.join(values.out, `${name}.html`);
    fs.writeFileSync(file, renderPreview(String(d.inputs.dashboardBody), data, { title: name }));
    io.stdout(`${file}\n`);
  }
  if (dashboards.length === 0) io.stderr(`obskit dashboard: stack ${values.stack} declares no dashboard\n`);
  return 0;
}
