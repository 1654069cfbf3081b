import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { trafficLines } from "../../../apps/cafe/src/traffic";
import { sampleLines } from "../../../apps/order-worker/src";
import { run } from "../../../cli/commands/replay";
import { renderPreview } from "../../../engines/dashboardPreview/preview";
import { apacheTime, lineTime, timeLines } from "../../../cli/replay/input";
import { replayModel, type ReplayModel } from "../../../cli/replay/model";
import { Replay } from "../../../cli/replay/replay";
import { previewStates, replayScenarios, verdicts } from "../../../cli/replay/run";
import type { ReplayResult } from "../../../cli/replay/types";
import { planOf } from "../../support/mocks";
import { errorBurst, paymentSpike } from "./fixtures";

const MINUTE = 60_000;
const START = Date.parse("2026-03-02T08:00:00Z");

function captureIo() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
  };
}

const fired = (r: ReplayResult, name: string) =>
  r.alarms.find((a) => a.name === name)?.transitions.filter((t) => t.to === "ALARM") ?? [];

describe("replay: the engine on the dev stack", function () {
  this.timeout(120_000);
  let model: ReplayModel;
  before(async () => {
    model = replayModel((await planOf("dev")).model);
  });

  it("reads the stack from the offline plan: log groups, compiled filters, subscriptions with their handlers, rules, topics", () => {
    expect(model.logGroups).to.include("/smart-orders/processor");
    const pf = model.metricFilters.find((f) => f.metricName === "PaymentFailures");
    expect(pf?.matcher('{"event":"PAYMENT_FAILED"}').matched).to.equal(true);
    expect(pf?.defaultValue).to.equal(0);
    const handlers = Object.fromEntries(model.subscriptions.map((s) => [s.name, s.handler]));
    expect(handlers).to.include({
      "incidents-to-processor": "processor",
      "cafe-analytics-to-analytics": "cafe-analytics",
    });
    expect(model.subscriptions.find((s) => s.handler === "processor")?.environment.MIN_SEVERITY).to.equal(
      "ERROR",
    );
    expect(model.insightRules.map((r) => r.name)).to.include("orders-top-customers-payment-failures");
    expect(model.topics[0].subscriptions[0].protocol).to.equal("email");
  });

  it("a payment-failure spike fires PaymentFailures within the period after it, notifies the topic's subscription, and returns to OK", async () => {
    const [r] = await replayScenarios(model, [paymentSpike], { startMs: START });
    const transitions = fired(r.result, "dev-PaymentFailures");
    expect(transitions).to.have.length(1);
    const spikeAt = START + 5 * MINUTE;
    expect(transitions[0].at).to.be.within(spikeAt, spikeAt + 2 * MINUTE);
    const all = r.result.alarms.find((a) => a.name === "dev-PaymentFailures")?.transitions ?? [];
    expect(all.at(-1)?.to).to.equal("OK");
    expect(all.at(-1)?.at).to.be.within(START + 8 * MINUTE, START + 11 * MINUTE);
    const mail = r.result.notifications.filter(
      (n) => n.source === "dev-PaymentFailures" && n.state === "ALARM",
    );
    expect(mail).to.have.length(1);
    expect(mail[0]).to.include({ protocol: "email", endpoint: "oncall-dev@example.com" });
    // nothing else fires under normal order traffic
    const others = r.result.alarms.filter(
      (a) => a.name !== "dev-PaymentFailures" && a.transitions.some((t) => t.to === "ALARM"),
    );
    expect(others.map((a) => a.name)).to.deep.equal([]);
    // every minute of the spike carries its 30 extra failures in the series the previews use
    const series = new Map(r.result.series["SmartOrders/PaymentFailures"]);
    for (let m = 5; m < 8; m++) expect(series.get(START + m * MINUTE)).to.be.at.least(30);
    // the Contributor Insights rule names the incident's few hot customers
    const top = r.result.contributors["orders-top-customers-payment-failures"].top;
    expect(top.length).to.be.within(1, 10);
    expect(top[0].value).to.be.at.least(10);
    expect(top[0].keys[0]).to.match(/^CUST-\d+$/);
    const v = verdicts(model, [r]).find((x) => x.name === "dev-PaymentFailures");
    expect(v?.ok).to.equal(true);
    expect(v?.text).to.match(/^fired at \+[56]m as expected \(test-payment-spike\)$/);
  });

  it("an ERROR burst fires ErrorCount and the real processor stores its incidents in DynamoDB from gzip+base64 awslogs batches", async () => {
    const [r] = await replayScenarios(model, [errorBurst], { startMs: START });
    expect(fired(r.result, "dev-ErrorCount")).to.have.length(1);
    const d = r.result.deliveries.find((x) => x.filter === "incidents-to-processor");
    expect(d).to.include({ handler: "processor", events: 15, failures: 0 });
    // 15 lines within 15 s of one stream: CloudWatch Logs' batching makes them 3 deliveries of ≤ 5 s
    expect(d?.batches).to.equal(3);
    expect(r.result.incidents).to.have.length(15);
    expect(r.result.incidents.map((i) => i.severity)).to.include.members(["ERROR", "CRITICAL"]);
    expect(r.result.incidents[0].at).to.be.within(START + 2 * MINUTE, START + 3 * MINUTE);
    // the processor's own EMF metrics and log lines land in CloudWatch as they would
    expect(r.result.series["obskit/LogProcessor/IncidentsStored{service=dev-log-processor}"]).to.deep.equal([
      [START + 2 * MINUTE, 15],
    ]);
  });

  it("café access lines run the real analytics handler: EMF metrics per country, its records in its own log group", async () => {
    const replay = new Replay(model, { startMs: START, endMs: START + 10 * MINUTE });
    const lines = trafficLines({ seed: 3, count: 120, start: new Date(START), requestsPerMinute: 30 });
    for (const line of lines)
      replay.feed({ logGroup: "apache/access", timestamp: apacheTime(line) ?? 0, message: line });
    const result = await replay.finish();
    const d = result.deliveries.find((x) => x.handler === "cafe-analytics");
    expect(d).to.include({ events: 120, failures: 0 });
    const requests = result.series["obskit/Cafe/Requests{service=cafe-analytics}"];
    expect(requests.reduce((n, [, v]) => n + v, 0)).to.equal(120);
    expect(
      Object.keys(result.series).some((k) =>
        /^obskit\/Cafe\/Requests\{country=[A-Z]{2},service=cafe-analytics\}$/.test(k),
      ),
    ).to.equal(true);
    // the metric filters on the same lines count the same requests
    expect(result.series["Cafe/Requests"].reduce((n, [, v]) => n + v, 0)).to.equal(120);
    // the archive subscription (Firehose) is delivered to, but nothing runs offline
    expect(result.deliveries.find((x) => x.filter === "cafe-access-to-archive")).to.include({
      handler: "none",
      events: 120,
    });
  });

  it("applies value fields and default values as CloudWatch does", async () => {
    const replay = new Replay(model, { startMs: START, endMs: START + 5 * MINUTE, runHandlers: false });
    const lines = sampleLines({ seed: 1, count: 240, start: new Date(START) });
    for (const line of lines)
      replay.feed({ logGroup: "/smart-orders/processor", timestamp: lineTime(line) ?? 0, message: line });
    const result = await replay.finish();
    // ProcessingTime publishes $.processingTimeMs (no default); DuplicateOrders 0 in minutes without one
    const times = lines
      .map((l) => (JSON.parse(l) as { processingTimeMs?: number }).processingTimeMs)
      .filter((v) => v !== undefined);
    const pt = { namespace: "SmartOrders", name: "ProcessingTime" };
    const sum = replay.metricSeries(pt, "Sum", 60, START, START + 5 * MINUTE).reduce((n, [, v]) => n + v, 0);
    expect(sum).to.equal(times.reduce((a, b) => a + b, 0));
    // a time metric is shown (timeline, previews) as its per-minute average
    expect(result.seriesStats["SmartOrders/ProcessingTime"]).to.equal("Average");
    expect(result.series["SmartOrders/ProcessingTime"][0][1]).to.be.within(0, 5000);
    const perMinute = new Map(result.series["SmartOrders/PaymentFailures"] ?? []);
    expect([...perMinute.keys()]).to.deep.equal([START, START + MINUTE]);
    expect(
      replay.metricSeries(
        { namespace: "SmartOrders", name: "PaymentFailures" },
        "SampleCount",
        60,
        START,
        START + 2 * MINUTE,
      ),
    ).to.have.length(2);
  });

  it("evaluates a high-resolution alarm (10-second period) on a store fine enough for it", async () => {
    const fast: ReplayModel = {
      ...model,
      alarmInputs: model.alarmInputs.map((a) =>
        a.name === "dev-PaymentFailures"
          ? { ...a, period: 10, evaluationPeriods: 1, datapointsToAlarm: 1 }
          : a,
      ),
    };
    const replay = new Replay(fast, { startMs: START, endMs: START + 3 * MINUTE, runHandlers: false });
    const at = START + MINUTE + 20_000;
    for (let i = 0; i < 5; i++)
      replay.feed({
        logGroup: "/smart-orders/processor",
        timestamp: at + i * 1000,
        message: '{"event":"PAYMENT_FAILED"}',
      });
    const result = await replay.finish();
    const t = fired(result, "dev-PaymentFailures");
    expect(t).to.have.length(1);
    expect(t[0].at).to.be.within(at + 10_000, at + 20_000);
  });

  it("rejects events for a log group the stack does not declare, naming the groups it has", () => {
    const replay = new Replay(model, { startMs: START });
    expect(() => replay.feed({ logGroup: "/nope", timestamp: START, message: "x" })).to.throw(
      /not declared.*\/smart-orders\/processor/,
    );
  });
});

describe("replay: timestamps of a user's file", () => {
  it("takes timestamp, @timestamp, time (ISO or epoch) and Apache [...] from the line", () => {
    expect(lineTime('{"timestamp":"2026-01-12T07:11:52.386Z"}')).to.equal(
      Date.parse("2026-01-12T07:11:52.386Z"),
    );
    expect(lineTime('{"@timestamp":"2026-01-12T07:11:52Z","x":1}')).to.equal(
      Date.parse("2026-01-12T07:11:52Z"),
    );
    expect(lineTime('{"time":1768201912}')).to.equal(1768201912000);
    expect(lineTime('{"time":1768201912386}')).to.equal(1768201912386);
    expect(apacheTime('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326')).to.equal(
      Date.parse("2000-10-10T20:55:36Z"),
    );
    expect(apacheTime("[INFO] x [10/Oct/2000:13:55:36.250 +0130] y")).to.equal(
      Date.parse("2000-10-10T12:25:36.250Z"),
    );
    // a date that does not exist is no time: the line follows the previous event
    expect(apacheTime("[31/Feb/2000:13:55:36 +0000]")).to.equal(undefined);
    expect(lineTime("plain text")).to.equal(undefined);
  });

  it("spaces lines without a time at --rate after the previous event", () => {
    const lines = timeLines(
      'a\n{"timestamp":"2026-01-01T00:00:10Z"}\nb\n\nc\n',
      2,
      Date.parse("2026-01-01T00:00:00Z"),
    );
    expect(lines.map((l) => l.timestamp - Date.parse("2026-01-01T00:00:00Z"))).to.deep.equal([
      0, 10_000, 10_500, 11_000,
    ]);
  });
});

describe("replay: what the previews show of alarms and contributors", () => {
  const result = (
    startMs: number,
    transitions: ReplayResult["alarms"][number]["transitions"],
    top: number[],
  ) =>
    ({
      startMs,
      endMs: startMs + 10 * MINUTE,
      events: 0,
      alarms: [{ name: "A", kind: "metric", evaluable: true, transitions }],
      notifications: [],
      incidents: [],
      deliveries: [],
      contributors: {
        r: {
          aggregateOn: "Count",
          keys: ["$.k"],
          top: top.map((v, i) => ({ keys: [`k${i}`], value: v })),
          periods: [],
        },
      },
      series: {},
      seriesStats: {},
    }) as ReplayResult;
  const t = (m: number, from: string, to: string) =>
    ({
      at: START + m * MINUTE,
      from,
      to,
      reason: "",
    }) as ReplayResult["alarms"][number]["transitions"][number];

  it("chains the replays' state changes (a fresh start continuing the state before is no change) and sums the contributors", () => {
    const states = previewStates([
      result(START, [t(1, "INSUFFICIENT_DATA", "OK"), t(4, "OK", "ALARM"), t(6, "ALARM", "OK")], [5, 1]),
      result(START + 10 * MINUTE, [t(11, "INSUFFICIENT_DATA", "OK")], [2]),
      result(START + 20 * MINUTE, [], []),
    ]);
    expect(states.alarms.A.state).to.equal("INSUFFICIENT_DATA");
    expect(states.alarms.A.transitions!.map((x) => [(x.at - START) / MINUTE, x.to])).to.deep.equal([
      [1, "OK"],
      [4, "ALARM"],
      [6, "OK"],
      [20, "INSUFFICIENT_DATA"],
    ]);
    expect(states.contributors.r.top).to.deep.equal([
      { keys: ["k0"], value: 7 },
      { keys: ["k1"], value: 1 },
    ]);
    expect(states.contributors.r.note).to.match(/sum of 2 scenarios' top 10/);
  });
});

describe("obskit replay (command)", function () {
  this.timeout(120_000);

  it("--json prints alarms with ISO-8601 UTC transitions, notifications, the incident count and contributors", async () => {
    const { io, out } = captureIo();
    const code = await run(
      ["--stack", "dev", "--scenario", "test-error-burst", "--json", "--start", "2026-03-02T08:00:00Z"],
      io,
      undefined,
      { scenarios: { all: [paymentSpike, errorBurst], standard: [paymentSpike, errorBurst] } },
    );
    expect(out.stderr).to.equal("");
    expect(code).to.equal(0);
    const doc = JSON.parse(out.stdout) as {
      alarms: { name: string; transitions: { at: string; from: string; to: string; reason: string }[] }[];
      notifications: { at: string }[];
      incidents: number;
      contributors: Record<string, unknown>;
    };
    expect(Object.keys(doc)).to.deep.equal(["alarms", "notifications", "incidents", "contributors"]);
    const ec = doc.alarms.find((a) => a.name === "dev-ErrorCount");
    const alarm = ec?.transitions.find((t) => t.to === "ALARM");
    expect(alarm?.at).to.match(/^2026-03-02T08:0[23]:00\.000Z$/);
    expect(alarm).to.have.keys(["at", "from", "to", "reason", "scenario"]);
    expect(doc.incidents).to.equal(15);
    expect(doc.notifications.every((n) => /Z$/.test(n.at))).to.equal(true);
  });

  it("ends with a summary: alarms proven, scenarios passed, time simulated, previews, details file and next commands", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-replay-"));
    const { io, out } = captureIo();
    const code = await run(
      ["--stack", "dev", "--out", dir, "--start", "2026-03-02T08:00:00Z"],
      io,
      undefined,
      {
        scenarios: { all: [paymentSpike, errorBurst], standard: [paymentSpike, errorBurst] },
        plan: planOf,
      },
    );
    expect(code, out.stderr).to.equal(0);
    const text = out.stdout;
    expect(text).to.match(
      /^Replaying stack dev offline: 2 scenarios one after another on a simulated clock, 33 alarms evaluated at each minute their state can change\.\n/,
    );
    // each scenario: what fired, and its events in the source's terms (the emitter's lines, and those its processor logged)
    expect(text).to.include("✓ test-payment-spike (20 min): fired: dev-PaymentFailures\n");
    expect(text).to.include(
      "    1,680 log lines → 1,680 log events in 1 log group (/smart-orders/processor: 1,680 log lines)\n",
    );
    expect(text).to.include("✓ test-error-burst (10 min): fired: dev-ErrorCount\n");
    expect(text).to.match(
      /75 log lines → 81 log events in 2 log groups \(\/aws\/lambda\/test-log-emitter: 75 log lines; \/aws\/lambda\/dev-log-processor: 6 lines the function logged\)/,
    );
    expect(text).to.include(
      "  Alarms proven:  2 of 33 fired where a scenario expects it, and stayed quiet where one expects that\n",
    );
    expect(text).to.include("                  31 not driven by any scenario\n");
    expect(text).to.include("  Scenarios:      2 of 2 passed\n");
    expect(text).to.match(/ {2}Time simulated: 30 min \(2 scenarios back to back\), in \d+\.\d s\n/);
    expect(text).to.include(`  Dashboards:     6 previews in ${dir} (open `);
    expect(text).to.include(`  Details:        ${path.join(dir, "replay.txt")} (`);
    expect(text).to.match(
      /\nNext\n {2}npm run obskit -- replay --stack dev --detail +print the timeline and every verdict\n/,
    );
    expect(text).to.include('npm run obskit -- replay --stack dev --scenario "test-payment-spike"');
    expect(text).to.match(/ {2}npm run obskit -- plan --stack dev +list what the stack would deploy\n$/);
    // the timeline and the verdicts are in the details file, not on the screen
    expect(text).not.to.include("== verdicts");
    expect(text).not.to.match(/\+0[56]m /);
    const details = fs.readFileSync(path.join(dir, "replay.txt"), "utf8");
    expect(details).to.match(/== test-payment-spike: .*\n {3}1,680 log lines → 1,680 log events/);
    expect(details).to.match(/\+0[56]m .*SmartOrders\/PaymentFailures=\d+/);
    expect(details).to.match(/✓ dev-PaymentFailures +fired at \+[56]m as expected \(test-payment-spike\)/);
    expect(text.split("\n").length).to.be.lessThan(30);
  });

  it("a broken expectation is a ✗ scenario and a FAILED alarm in the summary, exit 1", async () => {
    const { io, out } = captureIo();
    // the error burst, expected (wrongly) to keep ErrorCount quiet and to fire PaymentFailures
    const wrong = { ...errorBurst, expect: { fires: ["PaymentFailures"], quiet: ["ErrorCount"] } };
    const code = await run(["--stack", "dev", "--json", "--start", "2026-03-02T08:00:00Z"], io, undefined, {
      scenarios: { all: [wrong], standard: [wrong] },
      plan: planOf,
    });
    expect(code).to.equal(1);
    const text = captureIo();
    expect(
      await run(
        [
          "--stack",
          "dev",
          "--out",
          fs.mkdtempSync(path.join(os.tmpdir(), "obskit-replay-")),
          "--start",
          "2026-03-02T08:00:00Z",
        ],
        text.io,
        undefined,
        {
          scenarios: { all: [wrong], standard: [wrong] },
          plan: planOf,
        },
      ),
    ).to.equal(1);
    expect(out.stdout).to.match(/^\{/);
    expect(text.out.stdout).to.include("✗ test-error-burst (10 min): fired: dev-ErrorCount\n");
    expect(text.out.stdout).to.include("  Alarms proven:  0 of 33 fired");
    expect(text.out.stdout).to.match(/31 not driven by any scenario; 2 FAILED\n/);
    expect(text.out.stdout).to.match(
      /✗ dev-ErrorCount: FIRED at \+\d+m in test-error-burst, which expects it quiet/,
    );
    expect(text.out.stdout).to.match(
      /✗ dev-PaymentFailures: did NOT fire in test-error-burst, which expects it to/,
    );
    expect(text.out.stdout).to.include("  Scenarios:      0 of 1 passed\n");
  });

  it("prints a timeline and one verdict per alarm with --detail, writes the dashboard previews; exit 0 when every expectation holds", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-replay-"));
    const { io, out } = captureIo();
    const code = await run(
      ["--stack", "dev", "--out", dir, "--start", "2026-03-02T08:00:00Z", "--detail"],
      io,
      undefined,
      { scenarios: { all: [paymentSpike, errorBurst], standard: [paymentSpike, errorBurst] }, plan: planOf },
    );
    expect(code, out.stderr).to.equal(0);
    expect(out.stdout).to.match(/== test-payment-spike: /);
    expect(out.stdout).to.match(/\+0[56]m .*SmartOrders\/PaymentFailures=\d+/);
    expect(out.stdout).to.match(/▲ dev-PaymentFailures: (OK|INSUFFICIENT_DATA) → ALARM/);
    expect(out.stdout).to.match(/✉ ALARM dev-PaymentFailures → .* → email oncall-dev@example\.com/);
    expect(out.stdout).to.match(/⚑ 15 incidents stored/);
    expect(out.stdout).to.match(
      /✓ dev-PaymentFailures +fired at \+[56]m as expected \(test-payment-spike\); stayed OK \(test-error-burst\)/,
    );
    expect(out.stdout).to.match(/dev-cis-root-account-usage +never fired: no scenario drives it/);
    const html = fs.readFileSync(path.join(dir, "dev-smart-orders.html"), "utf8");
    expect(out.stdout).to.include(path.join(dir, "dev-smart-orders.html"));
    // the replayed metrics fill graphs that an empty preview of the same dashboard leaves without data
    const model = replayModel((await planOf("dev")).model);
    const body = model.dashboards.find((d) => d.name === "dev-smart-orders")?.body ?? "";
    const empty = (renderPreview(body, {}).match(/no data yet/g) ?? []).length;
    const filled = (html.match(/no data yet/g) ?? []).length;
    expect(filled).to.be.lessThan(empty);
    // the alarm-status widget shows the replayed states: the spike's ALARM, OK before and after
    const row =
      /<li data-state="(\w+)"><span class="state \w+">\w+<\/span> dev-PaymentFailures (.*?)<\/li>/.exec(html);
    expect(row, "dev-PaymentFailures row").not.to.equal(null);
    const steps = [...row![2].matchAll(/(\d\d:\d\d) <b class="to (\w+)">/g)].map((m) => m[2]);
    expect(steps[0]).to.equal("OK");
    expect(steps).to.include("ALARM");
    expect(row![1]).to.equal(steps[steps.length - 1]);
    // consecutive steps change the state (a scenario's fresh start continues the previous state)
    expect(steps.every((x, i) => i === 0 || x !== steps[i - 1])).to.equal(true);
    // the Contributor Insights widget lists the replayed customers, largest first
    const table = /<table class="contributors">(.*?)<\/table>/.exec(html)?.[1] ?? "";
    const rows = [
      ...table.matchAll(
        /<tr class="contributor"><td>([^<]+)<\/td><td class="value">.*?<\/span>([\d.]+)<\/td>/g,
      ),
    ];
    expect(rows.length).to.be.greaterThan(0);
    expect(rows.every((r) => /^CUST-\d+$/.test(r[1]))).to.equal(true);
    const values = rows.map((r) => Number(r[2]));
    expect(values).to.deep.equal([...values].sort((a, b) => b - a));
    // the p99 line is the samples' 99th percentile, not their average
    const charts = JSON.parse(
      /<script type="application\/json" id="charts">(.*?)<\/script>/s.exec(html)![1],
    ) as Record<string, { data?: { datasets?: { label: string; data: { y: number }[] }[] } }>;
    const latency = Object.values(charts).find((c) => c.data?.datasets?.some((d) => d.label === "p99"))!;
    const ys = (label: string) =>
      latency.data!.datasets!.find((d) => d.label === label)!.data.map((p) => p.y);
    expect(ys("p99").length).to.equal(ys("average").length);
    ys("p99").forEach((v, i) => expect(v).to.be.at.least(ys("average")[i]));
    expect(ys("p99").some((v, i) => v > ys("average")[i])).to.equal(true);
  });

  it("replays a user's file into a log group; usage errors exit 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-replay-"));
    const file = path.join(dir, "access.log");
    fs.writeFileSync(
      file,
      `${trafficLines({ seed: 5, count: 200, start: new Date(START), requestsPerMinute: 20, notFoundShare: 0.5 }).join("\n")}\n`,
    );
    const { io, out } = captureIo();
    const code = await run(
      ["--stack", "dev", "--file", file, "--log-group", "apache/access", "--json"],
      io,
      undefined,
      { scenarios: { all: [], standard: [] }, plan: planOf },
    );
    expect(code, out.stderr).to.equal(0);
    const doc = JSON.parse(out.stdout) as { alarms: { name: string; transitions: { to: string }[] }[] };
    expect(
      doc.alarms.find((a) => a.name === "dev-Cafe404Errors")?.transitions.some((t) => t.to === "ALARM"),
    ).to.equal(true);

    // as text: the file's lines and what the analytics function logged, the fired alarms, how to see the timeline
    const text = captureIo();
    expect(
      await run(
        ["--stack", "dev", "--file", file, "--log-group", "apache/access", "--out", dir],
        text.io,
        undefined,
        {
          scenarios: { all: [], standard: [] },
          plan: planOf,
        },
      ),
    ).to.equal(0);
    expect(text.out.stdout).to.match(
      /\n {4}200 lines of the file → [\d,]+ log events in 2 log groups \(apache\/access: 200 lines of the file; cafe\/analytics: [\d,]+ lines the function logged\)\n/,
    );
    const fired = doc.alarms.filter((a) => a.transitions.some((t) => t.to === "ALARM")).length;
    expect(text.out.stdout).to.include(`  Alarms:         ${fired} of ${doc.alarms.length} fired\n`);
    expect(text.out.stdout).to.include(
      `npm run obskit -- replay --stack dev --file ${JSON.stringify(file)} --log-group "apache/access" --detail`,
    );

    for (const argv of [
      ["--stack", "dev", "--file", file],
      ["--stack", "dev", "--file", file, "--log-group", "apache/access", "--rate", "0"],
      ["--stack", "dev", "--scenario", "nope"],
      ["--stack", "dev", "--file", file, "--log-group", "/not/a/group"],
    ]) {
      const c = captureIo();
      expect(
        await run(argv, c.io, undefined, { scenarios: { all: [paymentSpike], standard: [] }, plan: planOf }),
        argv.join(" "),
      ).to.equal(2);
      expect(c.out.stderr).to.match(/obskit replay: /);
    }
  });
});
