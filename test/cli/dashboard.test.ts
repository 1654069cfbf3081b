import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { run } from "../../cli/commands/dashboard";
import { main } from "../../cli/obskit";
import { type DashboardBody } from "../../components";
import { metricKey } from "../../components/dashboard/body";
import { renderPreview, type PreviewData } from "../../engines/dashboardPreview/preview";
import { launchChromium } from "../support/browser";
import { planOf } from "../support/mocks";

const COL = 56;
const ROW = 40;

function capture() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
  };
}

interface Laid {
  index: number;
  kind: string;
  grid: { x: number; y: number; width: number; height: number };
  px: { left: number; top: number; width: number; height: number };
  noData: boolean;
  charts: number;
  /** Alarm-status widgets: each alarm's state badge and its state changes, as shown. */
  alarms: { name: string; state: string; steps: string[] }[];
  /** Contributor Insights widgets: each contributor row's cells, as shown. */
  contributors: string[][];
}

/** Runs in the page: every widget's grid attributes, its box relative to the grid, its state. */
const LAID_OUT = `(() => {
  const grid = document.getElementById("grid").getBoundingClientRect();
  return [...document.querySelectorAll(".widget")].map((el) => {
    const r = el.getBoundingClientRect();
    const d = el.dataset;
    return {
      index: Number(d.index),
      kind: d.kind,
      grid: { x: Number(d.x), y: Number(d.y), width: Number(d.width), height: Number(d.height) },
      px: { left: r.left - grid.left, top: r.top - grid.top, width: r.width, height: r.height },
      noData: el.querySelector("[data-nodata]") !== null,
      charts: [...el.querySelectorAll("canvas")].filter((c) => window.Chart.getChart(c)).length,
      alarms: [...el.querySelectorAll(".alarms li")].map((li) => ({
        name: [...li.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim(),
        state: li.querySelector(".state").innerText,
        steps: [...li.querySelectorAll(".step")].map((x) => x.innerText),
      })),
      contributors: [...el.querySelectorAll("tr.contributor")].map((tr) =>
        [...tr.querySelectorAll("td")].map((td) => td.innerText.trim()),
      ),
    };
  });
})()`;

/** Opens a file, returns every widget's grid attributes and on-screen box, and what the console said. */
async function open(
  browser: Browser,
  file: string,
  shot: string,
): Promise<{ widgets: Laid[]; errors: string[]; requests: string[] }> {
  const page: Page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) requests.push(r.url());
  });
  await page.setViewport({ width: 24 * COL + 40, height: 900 });
  await page.goto(`file://${file}`, { waitUntil: "load" });
  const widgets = (await page.evaluate(LAID_OUT)) as Laid[];
  await page.screenshot({ path: shot, fullPage: true });
  await page.close();
  return { widgets, errors, requests };
}

function expectOnGrid(widgets: Laid[], body: DashboardBody): void {
  expect(widgets.map((w) => w.index)).to.deep.equal(body.widgets.map((_, i) => i));
  for (const w of widgets) {
    const b = body.widgets[w.index];
    expect(w.grid, `widget ${w.index}`).to.deep.equal({ x: b.x, y: b.y, width: b.width, height: b.height });
    // CloudWatch's grid: column × 56 px, row × 40 px, 4 px gutter on each side
    expect(w.px, `widget ${w.index}`).to.deep.equal({
      left: b.x! * COL + 4,
      top: b.y! * ROW + 4,
      width: b.width! * COL - 8,
      height: b.height! * ROW - 8,
    });
  }
}

describe("obskit dashboard (preview in headless Chromium)", function () {
  let browser: Browser;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "obskit-dashboard-"));
  const out = path.join(tmp, "out");
  before(async function () {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it("--help prints the usage; a missing --out is a usage error", async () => {
    const help = capture();
    expect(await main(["dashboard", "--help"], help.io)).to.equal(0);
    expect(help.out.stdout).to.match(/^usage: obskit dashboard --stack <name> --out <dir>/);
    const bad = capture();
    expect(await run(["--stack", "dev"], bad.io)).to.equal(2);
    expect(bad.out.stderr).to.match(/^obskit dashboard: --out is required/);
  });

  it("writes one self-contained page per dev dashboard, every widget at its grid position, no console error, no request", async () => {
    const c = capture();
    expect(await run(["--stack", "dev", "--out", out], c.io)).to.equal(0);
    expect(readdirSync(out).sort()).to.deep.equal([
      "dev-audit.html",
      "dev-cafe.html",
      "dev-error-pipeline.html",
      "dev-platform-api-performance.html",
      "dev-platform-data-pipeline.html",
      "dev-smart-orders.html",
    ]);
    const { run: plan } = await planOf("dev");
    for (const file of readdirSync(out)) {
      const html = readFileSync(path.join(out, file), "utf8");
      expect(html).not.to.match(
        /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)[^"' ]+\.(js|css)/,
      );
      const name = file.replace(/\.html$/, "");
      const dash = plan.resources.find(
        (r) => r.type === "aws:cloudwatch/dashboard:Dashboard" && r.inputs.dashboardName === name,
      )!;
      const body = JSON.parse(String(dash.inputs.dashboardBody)) as DashboardBody;
      const { widgets, errors, requests } = await open(
        browser,
        path.join(out, file),
        path.join(tmp, `${name}.png`),
      );
      expect(errors, file).to.deep.equal([]);
      expect(requests, file).to.deep.equal([]);
      expectOnGrid(widgets, body);
      // no datapoints given: every graph and query says so, no chart is drawn
      for (const w of widgets.filter((x) => x.kind !== "text" && x.kind !== "alarm status"))
        expect(w.noData, `${file} widget ${w.index} (${w.kind})`).to.equal(true);
      // …and every alarm of an alarm-status widget has no state yet
      for (const w of widgets.filter((x) => x.kind === "alarm status")) {
        expect(w.alarms.length, `${file} widget ${w.index}`).to.be.greaterThan(0);
        for (const a of w.alarms) expect(a, `${file} widget ${w.index}`).to.include({ state: "no data yet" });
      }
      expect(widgets.reduce((n, w) => n + w.charts, 0)).to.equal(0);
      expect(
        readFileSync(path.join(tmp, `${name}.png`))
          .subarray(1, 4)
          .toString(),
      ).to.equal("PNG");
    }
    expect(readFileSync(path.join(out, "dev-smart-orders.html"), "utf8")).to.include(
      "dev-PaymentFailures: 5",
    );
    // the café's alarm thresholds (Pulumi.dev.yaml) and the platform's (the design's defaults)
    const cafe = readFileSync(path.join(out, "dev-cafe.html"), "utf8");
    for (const line of ["dev-Cafe404Errors: 5", "dev-Cafe5xxErrors: 1", "dev-CafeTrafficWithoutOrders: 1"])
      expect(cafe).to.include(line);
    expect(readFileSync(path.join(out, "dev-platform-api-performance.html"), "utf8")).to.include(
      "dev-platform-apigateway-5xx: 5",
    );
  });

  it("draws the graphs the given datapoints cover (metric math included) and keeps 'no data yet' elsewhere", async () => {
    const t0 = Date.UTC(2026, 0, 12, 7, 0);
    const series = (f: (i: number) => number): [number, number][] =>
      Array.from({ length: 30 }, (_, i) => [t0 + i * 60_000, f(i)]);
    const data: PreviewData = {
      [metricKey("SmartOrders", "OrdersProcessed")]: series((i) => 110 + (i % 7) * 3),
      [metricKey("SmartOrders", "PaymentFailures")]: series((i) => (i % 9 === 0 ? 7 : 2)),
    };
    const dataFile = path.join(tmp, "data.json");
    writeFileSync(dataFile, JSON.stringify(data));
    const withData = path.join(tmp, "with-data");
    expect(
      await run(["--stack", "dev", "--out", withData, "--data", dataFile], capture().io, undefined, {
        plan: planOf,
      }),
    ).to.equal(0);
    const file = path.join(withData, "dev-smart-orders.html");
    const { widgets, errors } = await open(browser, file, path.join(tmp, "dev-smart-orders-data.png"));
    expect(errors).to.deep.equal([]);
    expect(readFileSync(file, "utf8")).to.include("graphs drawn from the datapoints given");
    const drawn = widgets.filter((w) => w.charts > 0).map((w) => w.kind);
    // orders+events line, failures with threshold, failure-rate math; the single value is a number
    expect(drawn).to.deep.equal(["line", "line", "line"]);
    expect(widgets.find((w) => w.kind === "single value")!.noData).to.equal(false);
    expect(widgets.find((w) => w.kind === "bar")!.noData).to.equal(true);
  });

  it("draws every graph view (stacked area, bar, pie, gauge, single value) from data, with no console error", async () => {
    const t0 = Date.UTC(2026, 0, 12, 7, 0);
    const pts = (v: number): [number, number][] => [0, 1, 2, 3].map((i) => [t0 + i * 60_000, v + i]);
    const data: PreviewData = { "N/A": pts(10), "N/B": pts(20), "AWS/SQS/Depth{QueueName=q}": pts(40) };
    const graph = (x: number, view: string, extra: Record<string, unknown> = {}) => ({
      type: "metric" as const,
      x,
      y: 0,
      width: 4,
      height: 6,
      properties: {
        region: "r",
        title: view,
        view,
        metrics: [
          ["N", "A"],
          ["N", "B"],
        ],
        ...extra,
      },
    });
    const body: DashboardBody = {
      widgets: [
        graph(0, "timeSeries", { stacked: true }),
        graph(4, "bar"),
        graph(8, "pie"),
        graph(12, "gauge", {
          metrics: [["AWS/SQS", "Depth", "QueueName", "q"]],
          yAxis: { left: { min: 0, max: 100 } },
        }),
        graph(16, "singleValue"),
        graph(20, "timeSeries", { metrics: [["N", "Missing"]] }),
      ],
    };
    const file = path.join(tmp, "views.html");
    writeFileSync(file, renderPreview(body, data, { title: "views" }));
    const { widgets, errors } = await open(browser, file, path.join(tmp, "views.png"));
    expect(errors).to.deep.equal([]);
    expectOnGrid(widgets, body);
    expect(widgets.map((w) => [w.kind, w.charts, w.noData])).to.deep.equal([
      ["stacked area", 1, false],
      ["bar", 1, false],
      ["pie", 1, false],
      ["gauge", 1, false],
      ["single value", 0, false],
      ["line", 0, true],
    ]);
  });

  it("shows alarm states with their changes, top contributors and each statistic's own series when given", async () => {
    const t0 = Date.UTC(2026, 0, 12, 7, 0);
    const pts = (v: number): [number, number][] => [0, 1, 2, 3].map((i) => [t0 + i * 60_000, v + i]);
    const body: DashboardBody = {
      widgets: [
        {
          type: "alarm",
          x: 0,
          y: 0,
          width: 8,
          height: 6,
          properties: {
            title: "alarms",
            alarms: [
              "arn:aws:cloudwatch:r:1:alarm:Failing",
              "arn:aws:cloudwatch:r:1:alarm:Quiet",
              "arn:aws:cloudwatch:r:1:alarm:Unknown",
              "arn:aws:cloudwatch:r:1:alarm:Offline",
            ],
          },
        },
        {
          type: "metric",
          x: 8,
          y: 0,
          width: 8,
          height: 6,
          properties: {
            title: "top customers",
            region: "r",
            insightRule: { ruleName: "customers", maxContributorCount: 2 },
          },
        },
        {
          type: "metric",
          x: 16,
          y: 0,
          width: 8,
          height: 6,
          properties: { title: "empty rule", region: "r", insightRule: { ruleName: "other" } },
        },
        {
          type: "metric",
          x: 0,
          y: 6,
          width: 8,
          height: 6,
          properties: {
            title: "latency",
            region: "r",
            view: "timeSeries",
            metrics: [
              ["N", "Latency", { stat: "Average", label: "average" }],
              ["N", "Latency", { stat: "p99", label: "p99" }],
            ],
          },
        },
      ],
    };
    const file = path.join(tmp, "states.html");
    const html = renderPreview(
      body,
      { [metricKey("N", "Latency")]: pts(10), [metricKey("N", "Latency", {}, "p99")]: pts(90) },
      {
        title: "states",
        alarms: {
          Failing: {
            state: "OK",
            transitions: [
              { at: t0, to: "OK", reason: "below" },
              { at: t0 + 6 * 60_000, to: "ALARM", reason: "5 > 4" },
              { at: t0 + 9 * 60_000, to: "OK", reason: "below" },
            ],
          },
          Quiet: { state: "ALARM", transitions: [{ at: t0 + 60_000, to: "ALARM" }] },
          Offline: { state: "INSUFFICIENT_DATA", note: "metric math not evaluable" },
        },
        contributors: {
          customers: {
            aggregateOn: "Count",
            keys: ["$.customerId"],
            top: [
              { keys: ["CUST-5"], value: 12 },
              { keys: ["CUST-10"], value: 7 },
              { keys: ["CUST-3"], value: 1 },
            ],
            note: "over the replay",
          },
          other: { aggregateOn: "Sum", keys: ["$.k"], top: [] },
        },
      },
    );
    writeFileSync(file, html);
    const { widgets, errors } = await open(browser, file, path.join(tmp, "states.png"));
    expect(errors).to.deep.equal([]);
    expect(widgets[0].alarms).to.deep.equal([
      { name: "Failing", state: "OK", steps: ["07:00 OK", "07:06 ALARM", "07:09 OK"] },
      { name: "Quiet", state: "ALARM", steps: ["07:01 ALARM"] },
      { name: "Unknown", state: "no data yet", steps: [] },
      { name: "Offline", state: "not evaluated", steps: [] },
    ]);
    // at most maxContributorCount rows, largest first; a rule without contributors has no data
    expect(widgets[1].contributors).to.deep.equal([
      ["CUST-5", "12"],
      ["CUST-10", "7"],
    ]);
    expect(widgets[1].noData).to.equal(false);
    expect(widgets[2].noData).to.equal(true);
    // the p99 line reads the p99 datapoints, the average line the plain key's
    const charts = JSON.parse(/id="charts">(.*?)<\/script>/s.exec(html)![1]) as Record<
      string,
      { data: { datasets: { label: string; data: { y: number }[] }[] } }
    >;
    expect(charts["chart-3"].data.datasets.map((d) => [d.label, d.data.map((p) => p.y)])).to.deep.equal([
      ["average", [10, 11, 12, 13]],
      ["p99", [90, 91, 92, 93]],
    ]);
    expect(widgets[3].charts).to.equal(1);
  });

  it("renders documented bodies too: widgets without a position go below the others", () => {
    const html = renderPreview(
      { widgets: [{ type: "text", properties: { markdown: "# hi" } }] },
      {},
      { title: "doc" },
    );
    expect(html).to.include('data-x="0" data-y="0" data-width="6" data-height="6"');
    expect(html).to.include("<h1>hi</h1>");
  });
});
