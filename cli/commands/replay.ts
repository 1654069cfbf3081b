import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderPreview } from "../../engines/dashboardPreview/preview";
import { processIo, UsageError, type CommandIo } from "../command";
import { planStack, REPO_ROOT, type Plan } from "../plan/plan";
import {
  EARLIEST_REPLAY_MS,
  FUTURE_LIMIT_MS,
  notLogText,
  readTimedLines,
  renderSkipped,
} from "../replay/input";
import { buildModel } from "../replay/model";
import { Progress, type ProgressOptions } from "../replay/progress";
import { MAX_REPLAY_SPAN_DAYS } from "../replay/replay";
import { renderTimeline, renderVerdicts, replayJson } from "../replay/render";
import {
  plainVerdicts,
  previewStates,
  replayEvents,
  replayScenarios,
  verdicts,
  type ScenarioRun,
} from "../replay/run";
import { BUILT_IN_SCENARIOS, scenariosFor, STANDARD_SCENARIOS, type Scenario } from "../replay/scenarios";
import type { ReplayResult } from "../replay/types";

const USAGE = `usage: obskit replay --stack <name> [--scenario <name> …] [--json] [--out <dir>] [--start <ISO time>]
       obskit replay --stack <name> --file <log file> --log-group <name> [--rate <events/s>] [--json] [--out <dir>]

Replays the stack offline: plans it as \`obskit plan\` does, feeds log events into its log groups,
applies every metric filter, runs its subscription handlers (the log processor against a local
DynamoDB, the café analytics), counts Contributor Insights contributors and evaluates every alarm
on a simulated clock, at each minute its state can change (a replay covers at most ${MAX_REPLAY_SPAN_DAYS} days).
Prints a timeline (minute, metric values, alarm transitions, notifications per subscription,
incidents) and one verdict per alarm, then writes the dashboard
previews filled with the replayed metrics, alarm states and top contributors
(<out>/<dashboard>.html; default dist/replay/<stack>).
--scenario: built-in scenarios to run, one after another (default: the standard set that applies to the stack).
--file: a log file instead (JSON or text lines), replayed into --log-group; each event's time is the
line's \`timestamp\`, \`@timestamp\` or \`time\` (JSON) or Apache \`[10/Oct/2000:13:55:36 -0700]\`, else the
previous event's plus 1/--rate seconds (default 1 event per second).
Lines the replay cannot use are skipped and reported (counts by reason, the first few with their line
number): a time field that is not a time, a time before 2000-01-01 or more than 2 hours ahead (the
furthest CloudWatch Logs accepts), control characters; and, when the lines cover more than the
${MAX_REPLAY_SPAN_DAYS} days a replay simulates, those outside the ${MAX_REPLAY_SPAN_DAYS} days holding the most events. An empty,
binary or compressed file is an error.
--start: when the scenarios start (default: so they end now), or the time of a file's first line
without a time of its own (default: now); from 2000-01-01 to 2 hours ahead.
--json: prints { "alarms": [ { "name", "transitions": [ { "at", "from", "to", "reason" } ] } ],
"notifications": [...], "incidents": N, "contributors": {...} } (times ISO-8601 UTC) instead of the timeline;
with --file also "skippedLines": { "total", "lines", "byReason", "examples": [ { "line", "reason", "detail", "excerpt" } ] }.
A long run shows its progress on stderr: a bar on a terminal, a line every 10 seconds otherwise.
Exit code: 0 every alarm behaved as its scenarios expect, 1 one did not, 2 bad usage or config.`;

/** The progress of a long run on stderr: on the process's own stderr by default, as `deps.progress` says otherwise. */
function progressFor(io: CommandIo, deps: ReplayDeps): Progress | undefined {
  if (deps.progress === false) return undefined;
  if (deps.progress !== undefined) return new Progress({ write: io.stderr, ...deps.progress });
  if (io !== processIo) return undefined;
  return new Progress({ write: io.stderr, isTTY: process.stderr.isTTY === true });
}

/** Runs a replay; a span over the bound is the user's input, reported in one line (undefined). */
async function spanChecked<T>(io: CommandIo, replay: () => Promise<T>): Promise<T | undefined> {
  try {
    return await replay();
  } catch (err) {
    if ((err as Error).name !== "ReplaySpanError") throw err;
    io.stderr(`obskit replay: ${(err as Error).message}\n`);
    return undefined;
  }
}

export interface ReplayDeps {
  /** The scenarios `--scenario` picks from, and the set replayed without it. @default the built-in ones */
  scenarios?: { all: readonly Scenario[]; standard: readonly Scenario[] };
  /** The stack's plan (default: planned offline from Pulumi.<stack>.yaml under `root`). */
  plan?: (stack: string) => Promise<Plan>;
  /**
   * The present, which `--start` and a line's time may lie at most 2 hours ahead of.
   * @default Date.now
   */
  now?: () => number;
  /**
   * How progress shows on stderr (`false`: never).
   * @default a bar when the process's stderr is a terminal, plain lines when it is not; nothing for another `io`
   */
  progress?: Omit<ProgressOptions, "write"> | false;
}

export async function run(
  argv: string[],
  io: CommandIo = processIo,
  root = REPO_ROOT,
  deps: ReplayDeps = {},
): Promise<number> {
  const scenarios = deps.scenarios ?? { all: BUILT_IN_SCENARIOS, standard: STANDARD_SCENARIOS };
  let values: {
    stack?: string;
    scenario?: string[];
    file?: string;
    "log-group"?: string;
    rate?: string;
    json?: boolean;
    out?: string;
    start?: string;
    help?: boolean;
  };
  let rate = 1;
  let startMs: number;
  const now = (deps.now ?? Date.now)();
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        scenario: { type: "string", multiple: true },
        file: { type: "string" },
        "log-group": { type: "string" },
        rate: { type: "string" },
        json: { type: "boolean" },
        out: { type: "string" },
        start: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (!values.stack) throw new UsageError("--stack is required");
    if (values.file !== undefined && values.scenario !== undefined)
      throw new UsageError("give either --file or --scenario, not both");
    if (values.file !== undefined && !values["log-group"])
      throw new UsageError("--file needs --log-group <name>");
    if (values.file === undefined && (values["log-group"] !== undefined || values.rate !== undefined))
      throw new UsageError("--log-group and --rate go with --file");
    if (values.rate !== undefined) {
      rate = Number(values.rate);
      if (!/^\d+(\.\d+)?$/.test(values.rate) || !(rate > 0))
        throw new UsageError(
          `--rate must be a number of events per second > 0 (got ${JSON.stringify(values.rate)})`,
        );
    }
    startMs = values.start === undefined ? now : Date.parse(values.start);
    if (
      values.start !== undefined &&
      (Number.isNaN(startMs) ||
        !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(values.start))
    )
      throw new UsageError(
        `--start must be an ISO-8601 time such as 2026-03-02T08:00:00Z (got ${JSON.stringify(values.start)})`,
      );
    const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
    if (startMs < EARLIEST_REPLAY_MS)
      throw new UsageError(
        `--start ${values.start} is before ${iso(EARLIEST_REPLAY_MS)}, the earliest a replay starts: give a later time, or leave --start out`,
      );
    if (startMs > now + FUTURE_LIMIT_MS)
      throw new UsageError(
        `--start ${values.start} is more than 2 hours ahead of now (CloudWatch Logs accepts no later event): give a time before ${iso(Math.floor((now + FUTURE_LIMIT_MS) / 60_000) * 60_000)}, or leave --start out`,
      );
  } catch (err) {
    io.stderr(`obskit replay: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const stack = values.stack;
  // the file first: an unreadable, empty or binary one is reported before the plan is made
  let bytes = Buffer.alloc(0);
  if (values.file !== undefined) {
    try {
      bytes = fs.readFileSync(values.file);
    } catch (err) {
      io.stderr(`obskit replay: --file ${values.file}: ${(err as Error).message}\n`);
      return 2;
    }
    const problem = notLogText(bytes);
    if (problem !== undefined) {
      io.stderr(`obskit replay: --file ${values.file} ${problem}\n`);
      return 2;
    }
  }
  let plan;
  try {
    plan = await (deps.plan ?? ((name: string) => planStack(name, root)))(stack);
  } catch (err) {
    io.stderr(`obskit replay: ${(err as Error).message}\n`);
    return 2;
  }
  const model = buildModel(plan.run);

  let results: { scenario?: string; result: ReplayResult }[];
  let previews: Record<string, [number, number][]>[];
  let alarmVerdicts;
  let timelines: string[];
  let skippedLines: ReturnType<typeof readTimedLines>["skipped"] | undefined;
  const progress = progressFor(io, deps);
  if (values.file !== undefined) {
    const logGroup = values["log-group"] as string;
    if (!model.logGroups.includes(logGroup)) {
      io.stderr(
        `obskit replay: stack ${stack} has no log group ${JSON.stringify(logGroup)}; it has: ${model.logGroups.join(", ")}\n`,
      );
      return 2;
    }
    const read = readTimedLines(bytes.toString("utf8"), {
      ratePerSecond: rate,
      startMs: Math.floor(startMs / 60_000) * 60_000,
      nowMs: now,
      // the replay runs from the first event's minute to 10 minutes after the last one's
      maxSpanMs: MAX_REPLAY_SPAN_DAYS * 86_400_000 - 12 * 60_000,
    });
    skippedLines = read.skipped;
    if (read.lines.length === 0) {
      io.stderr(
        `obskit replay: --file ${values.file}: none of its ${read.skipped.lines} lines can be replayed\n${renderSkipped(values.file, read.skipped)}`,
      );
      return 2;
    }
    const events = read.lines.map((l) => ({ logGroup, ...l }));
    const replayed = await spanChecked(io, () => replayEvents(model, events, progress));
    if (replayed === undefined) return 2;
    const { result, preview } = replayed;
    results = [{ result }];
    previews = [preview];
    alarmVerdicts = plainVerdicts(result);
    timelines = [renderTimeline(`${path.basename(values.file)} → ${logGroup}`, result)];
  } else {
    const known = new Map(scenarios.all.map((s) => [s.name.toLowerCase(), s]));
    let chosen: Scenario[];
    if (values.scenario !== undefined) {
      const unknown = values.scenario.filter((n) => !known.has(n.trim().toLowerCase()));
      if (unknown.length > 0) {
        io.stderr(
          `obskit replay: unknown scenario ${unknown.map((n) => JSON.stringify(n)).join(", ")}; built-in: ${scenarios.all.map((s) => s.name).join(", ") || "(none)"}\n`,
        );
        return 2;
      }
      chosen = values.scenario.map((n) => known.get(n.trim().toLowerCase()) as Scenario);
      const applicable = new Set(scenariosFor(model.outputs, chosen));
      const off = chosen.filter((s) => !applicable.has(s));
      if (off.length > 0) {
        io.stderr(
          `obskit replay: ${off.map((s) => JSON.stringify(s.name)).join(", ")} does not apply to stack ${stack} (it needs ${[...new Set(off.flatMap((s) => s.systems))].join(", ")}, or drives no alarm the stack has)\n`,
        );
        return 2;
      }
    } else chosen = scenariosFor(model.outputs, scenarios.standard);
    const total = chosen.reduce((n, s) => n + s.durationMinutes, 0);
    const runs: ScenarioRun[] | undefined = await spanChecked(io, () =>
      replayScenarios(model, chosen, {
        startMs: values.start === undefined ? startMs - (total + 60) * 60_000 : startMs,
        ...(progress
          ? { onScenario: (done, all, name) => progress.update(done, all, "scenarios", name) }
          : {}),
      }),
    );
    if (runs === undefined) return 2;
    progress?.end(`${chosen.length} scenarios replayed`);
    results = runs.map((r) => ({ scenario: r.scenario.name, result: r.result }));
    previews = runs.map((r) => r.preview);
    alarmVerdicts = verdicts(model, runs);
    timelines = runs.map((r) => renderTimeline(`${r.scenario.name}: ${r.scenario.description}`, r.result));
  }

  const out = values.out ?? (values.json ? undefined : path.join(root, "dist", "replay", stack));
  const written: string[] = [];
  if (out !== undefined && model.dashboards.length > 0) {
    const data: Record<string, [number, number][]> = {};
    for (const p of previews) for (const [k, points] of Object.entries(p)) (data[k] ??= []).push(...points);
    for (const points of Object.values(data)) points.sort((a, b) => a[0] - b[0]);
    const states = previewStates(results.map((r) => r.result));
    fs.mkdirSync(out, { recursive: true });
    for (const d of model.dashboards) {
      const file = path.join(out, `${d.name}.html`);
      fs.writeFileSync(file, renderPreview(d.body, data, { title: `${d.name} (replay)`, ...states }));
      written.push(file);
    }
  }
  if (values.json)
    io.stdout(
      `${JSON.stringify({ ...(replayJson(results) as object), ...(skippedLines ? { skippedLines } : {}) }, null, 2)}\n`,
    );
  else {
    io.stdout(timelines.join("\n"));
    if (skippedLines) io.stdout(renderSkipped(values.file ?? "", skippedLines));
    io.stdout(`\n== verdicts (${stack}) ==\n${renderVerdicts(alarmVerdicts)}`);
    if (written.length > 0)
      io.stdout(
        `\ndashboard previews with the replayed metrics:\n${written.map((f) => `  ${f}`).join("\n")}\n`,
      );
  }
  if (values.json && written.length > 0) io.stderr(`dashboard previews: ${written.join(", ")}\n`);
  return alarmVerdicts.every((v) => v.ok) ? 0 : 1;
}
