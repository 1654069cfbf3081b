import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderPreview } from "../../engines/dashboardPreview/preview";
import { processIo, UsageError, type CommandIo } from "../command";
import { planStack, REPO_ROOT, type Plan } from "../plan/plan";
import { timeLines } from "../replay/input";
import { replayModel } from "../replay/model";
import {
  renderReplayed,
  renderSummary,
  renderTimeline,
  renderVerdicts,
  replayJson,
  type ReplayedInput,
} from "../replay/render";
import {
  plainVerdicts,
  previewStates,
  replayEvents,
  replayScenarios,
  verdicts,
  type AlarmVerdict,
  type ScenarioRun,
} from "../replay/run";
import { BUILT_IN_SCENARIOS, scenariosFor, STANDARD_SCENARIOS, type Scenario } from "../replay/scenarios";
import type { ReplayResult } from "../replay/types";

const USAGE = `usage: obskit replay --stack <name> [--scenario <name> …] [--detail] [--json] [--out <dir>] [--start <ISO time>]
       obskit replay --stack <name> --file <log file> --log-group <name> [--rate <events/s>] [--detail] [--json] [--out <dir>]

Replays the stack offline: plans it as \`obskit plan\` does, feeds log events into its log groups,
applies every metric filter, runs its subscription handlers (the log processor against a local
DynamoDB, the café analytics), counts Contributor Insights contributors and evaluates every alarm
minute by minute on a simulated clock. Prints each scenario (what it wrote, which alarms fired) and a
summary (alarms proven, scenarios passed, time simulated, where the previews are, what to run next);
writes the dashboard previews filled with the replayed metrics, alarm states and top contributors
(<out>/<dashboard>.html; default dist/replay/<stack>) and <out>/replay.txt: the timeline (minute,
metric values, alarm transitions, notifications per subscription, incidents) and one verdict per alarm.
--detail: prints that timeline and the verdicts too.
--scenario: built-in scenarios to run, one after another (default: the standard set that applies to the stack).
--file: a log file instead (JSON or text lines), replayed into --log-group; each event's time is the
line's \`timestamp\`, \`@timestamp\` or \`time\` (JSON) or Apache \`[10/Oct/2000:13:55:36 -0700]\`, else the
previous event's plus 1/--rate seconds (default 1 event per second).
--json: prints { "alarms": [ { "name", "transitions": [ { "at", "from", "to", "reason" } ] } ],
"notifications": [...], "incidents": N, "contributors": {...} } (times ISO-8601 UTC) instead of the timeline.
Exit code: 0 every alarm behaved as its scenarios expect, 1 one did not, 2 bad usage or config.`;

/** The alarms a replay took to ALARM, in the order they first did. */
function firedIn(result: ReplayResult): string[] {
  return result.alarms
    .map((a) => ({ name: a.name, at: a.transitions.find((t) => t.to === "ALARM")?.at }))
    .filter((a): a is { name: string; at: number } => a.at !== undefined)
    .sort((a, b) => a.at - b.at || a.name.localeCompare(b.name))
    .map((a) => a.name);
}

/** A progress bar on a terminal; nothing otherwise. */
function progress(io: CommandIo): ((done: number, total: number, name: string) => void) | undefined {
  if (io !== processIo || !process.stderr.isTTY) return undefined;
  return (done, total, name) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${name.padEnd(40).slice(0, 40)}${done === total ? "\n" : ""}`,
    );
  };
}

export interface ReplayDeps {
  /** The scenarios `--scenario` picks from, and the set replayed without it. @default the built-in ones */
  scenarios?: { all: readonly Scenario[]; standard: readonly Scenario[] };
  /** The stack's plan (default: planned offline from Pulumi.<stack>.yaml under `root`). */
  plan?: (stack: string) => Promise<Plan>;
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
    detail?: boolean;
    out?: string;
    start?: string;
    help?: boolean;
  };
  let rate = 1;
  let startMs: number;
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
        detail: { type: "boolean" },
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
    startMs = values.start === undefined ? Date.now() : Date.parse(values.start);
    if (Number.isNaN(startMs))
      throw new UsageError(`--start must be an ISO-8601 time (got ${JSON.stringify(values.start)})`);
  } catch (err) {
    io.stderr(`obskit replay: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const stack = values.stack;
  let plan;
  try {
    plan = await (deps.plan ?? ((name: string) => planStack(name, root)))(stack);
  } catch (err) {
    io.stderr(`obskit replay: ${(err as Error).message}\n`);
    return 2;
  }
  const model = replayModel(plan.model);

  const began = Date.now();
  let results: { scenario?: string; result: ReplayResult }[];
  let replayed: ReplayedInput[];
  let previews: Record<string, [number, number][]>[];
  let alarmVerdicts: AlarmVerdict[];
  let timelines: string[];
  if (values.file !== undefined) {
    const logGroup = values["log-group"] as string;
    if (!model.logGroups.includes(logGroup)) {
      io.stderr(
        `obskit replay: stack ${stack} has no log group ${JSON.stringify(logGroup)}; it has: ${model.logGroups.join(", ")}\n`,
      );
      return 2;
    }
    let text: string;
    try {
      text = fs.readFileSync(values.file, "utf8");
    } catch (err) {
      io.stderr(`obskit replay: --file ${values.file}: ${(err as Error).message}\n`);
      return 2;
    }
    const events = timeLines(text, rate, Math.floor(startMs / 60_000) * 60_000).map((l) => ({
      logGroup,
      ...l,
    }));
    const { result, input, preview } = await replayEvents(model, events);
    results = [{ result }];
    previews = [preview];
    alarmVerdicts = plainVerdicts(result);
    replayed = [
      {
        name: `${path.basename(values.file)} → ${logGroup}`,
        minutes: Math.round((result.endMs - result.startMs) / 60_000),
        ok: true,
        writes: "lines of the file",
        ...input,
        fired: firedIn(result),
      },
    ];
    timelines = [renderTimeline(replayed[0].name, result, replayed[0])];
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
    const runs: ScenarioRun[] = await replayScenarios(model, chosen, {
      startMs: values.start === undefined ? startMs - (total + 60) * 60_000 : startMs,
      onScenario: progress(io),
    });
    results = runs.map((r) => ({ scenario: r.scenario.name, result: r.result }));
    previews = runs.map((r) => r.preview);
    alarmVerdicts = verdicts(model, runs);
    replayed = runs.map((r) => ({
      name: r.scenario.name,
      minutes: r.scenario.durationMinutes,
      ok: alarmVerdicts.every((v) => !(v.failedIn ?? []).includes(r.scenario.name)),
      writes: r.scenario.writes ?? "log lines",
      ...r.input,
      fired: firedIn(r.result),
    }));
    timelines = runs.map((r, i) =>
      renderTimeline(`${r.scenario.name}: ${r.scenario.description}`, r.result, replayed[i]),
    );
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
  const detail = `${timelines.join("\n")}\n== verdicts (${stack}) ==\n${renderVerdicts(alarmVerdicts)}`;
  let details: string | undefined;
  if (out !== undefined) {
    fs.mkdirSync(out, { recursive: true });
    details = path.join(out, "replay.txt");
    fs.writeFileSync(details, detail);
  }
  if (values.json) io.stdout(`${JSON.stringify(replayJson(results), null, 2)}\n`);
  else {
    const scenarios = values.file === undefined;
    io.stdout(
      `Replaying stack ${stack} offline: ${replayed.length === 1 ? "1 replay" : `${replayed.length} scenarios one after another`} on a simulated clock, ${alarmVerdicts.length} alarms evaluated every minute.\n\n`,
    );
    if (values.detail) {
      io.stdout(`${detail}\n`);
      if (written.length > 0)
        io.stdout(
          `dashboard previews with the replayed metrics:\n${written.map((f) => `  ${f}\n`).join("")}\n`,
        );
    }
    io.stdout(`${replayed.map(renderReplayed).join("")}\n`);
    io.stdout(
      renderSummary({
        stack,
        replayed,
        verdicts: alarmVerdicts,
        expectations: scenarios,
        elapsedMs: Date.now() - began,
        dashboards: written,
        ...(details === undefined ? {} : { details }),
        ...(values.file === undefined
          ? {}
          : {
              again: `--stack ${stack} --file ${JSON.stringify(values.file)} --log-group ${JSON.stringify(values["log-group"])}`,
            }),
        show: (f) => {
          const rel = path.relative(process.cwd(), f);
          return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : f;
        },
      }),
    );
  }
  if (values.json && written.length > 0) io.stderr(`dashboard previews: ${written.join(", ")}\n`);
  return alarmVerdicts.every((v) => v.ok) ? 0 : 1;
}
