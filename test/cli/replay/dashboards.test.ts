/**
 * Every dashboard of the dev stack after the standard replay (what `npm start` writes), opened in
 * Chromium: every metric widget draws datapoints (counted from the charts on the page), SEARCH
 * and metric-math lines included, and no legend takes the plot's height. Screenshots land in
 * dist/screenshots/ (ignored by git) to look at.
 */
import { expect } from "chai";
import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser } from "puppeteer-core";
import { run } from "../../../cli/commands/replay";
import { REPO_ROOT } from "../../../cli/plan/plan";
import { launchChromium } from "../../support/browser";
import { planOf } from "../../support/mocks";

const SHOTS = path.join(REPO_ROOT, "dist", "screenshots");

interface MetricWidget {
  title: string;
  kind: string;
  /** Datapoints drawn: the points of every non-threshold dataset, or the values of a single-value widget. */
  points: number;
  /** Lines drawn (datasets, or single values). */
  lines: string[];
  /** Contributor rows, for Contributor Insights widgets. */
  contributors: number;
  /** The plot's height and the widget's, in CSS pixels. */
  plotHeight: number;
  widgetHeight: number;
}

/** Runs in the page: each metric widget's drawn datapoints, counted from its Chart.js charts. */
const METRIC_WIDGETS = `(() => [...document.querySelectorAll(".widget.metric")].map((el) => {
  const canvas = el.querySelector("canvas");
  const chart = canvas ? window.Chart.getChart(canvas) : undefined;
  const datasets = chart ? chart.data.datasets.filter((d) => !d.threshold) : [];
  const singles = [...el.querySelectorAll(".single b")];
  const isGauge = el.querySelector(".gauge-value") !== null;
  const points = singles.length > 0 ? singles.length
    : chart && (chart.config.type === "pie" || isGauge) ? chart.data.datasets[0].data.filter((v) => v > 0).length
    : datasets.reduce((n, d) => n + d.data.length, 0);
  const lines = singles.length > 0 ? [...el.querySelectorAll(".single span")].map((s) => s.textContent)
    : chart && chart.config.type === "pie" ? chart.data.labels
    : datasets.map((d) => d.label);
  const plot = el.querySelector(".chart, .single");
  return {
    title: el.querySelector(".title") ? el.querySelector(".title").textContent : "",
    kind: el.dataset.kind,
    points,
    lines,
    contributors: el.querySelectorAll("tr.contributor").length,
    plotHeight: plot ? plot.getBoundingClientRect().height : 0,
    widgetHeight: el.getBoundingClientRect().height,
  };
}))()`;

describe("obskit replay: every dashboard's metric widgets have data after the standard scenarios (Chromium)", function () {
  this.timeout(240_000);
  let browser: Browser;
  let out: string;
  let files: string[];

  before(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), "obskit-dashboards-"));
    const io = { stdout: () => undefined, stderr: () => undefined };
    expect(await run(["--stack", "dev", "--out", out], io, undefined, { plan: planOf })).to.equal(0);
    files = readdirSync(out).filter((f) => f.endsWith(".html"));
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it("writes a preview per dashboard of the stack", () => {
    expect(files.sort()).to.deep.equal(
      [
        "dev-audit.html",
        "dev-cafe.html",
        "dev-error-pipeline.html",
        "dev-platform-api-performance.html",
        "dev-platform-data-pipeline.html",
        "dev-smart-orders.html",
      ].sort(),
    );
  });

  for (const dashboard of [
    "dev-audit",
    "dev-cafe",
    "dev-error-pipeline",
    "dev-platform-api-performance",
    "dev-platform-data-pipeline",
    "dev-smart-orders",
  ])
    it(`${dashboard}: every metric widget draws datapoints, and its plot keeps most of the widget`, async () => {
      // Arrange
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.setViewport({ width: 24 * 56 + 40, height: 900 });
      // Act
      await page.goto(`file://${path.join(out, `${dashboard}.html`)}`, { waitUntil: "load" });
      const widgets = (await page.evaluate(METRIC_WIDGETS)) as MetricWidget[];
      await page.screenshot({ path: path.join(SHOTS, `${dashboard}.png`), fullPage: true });
      await page.close();
      // Assert
      expect(errors).to.deep.equal([]);
      expect(widgets.length, "metric widgets").to.be.greaterThan(0);
      const empty = widgets
        .filter((w) => (w.kind === "contributor insights" ? w.contributors === 0 : w.points === 0))
        .map((w) => `${w.title} (${w.kind})`);
      expect(empty, "metric widgets without data").to.deep.equal([]);
      for (const w of widgets.filter((x) => x.kind !== "contributor insights"))
        expect(w.plotHeight / w.widgetHeight, `${w.title}: plot height / widget height`).to.be.at.least(0.45);
    });

  it("draws the café's per-country SEARCH lines (one per country, labelled by it) and the traffic-without-orders expression", async () => {
    const page = await browser.newPage();
    await page.goto(`file://${path.join(out, "dev-cafe.html")}`, { waitUntil: "load" });
    const widgets = (await page.evaluate(METRIC_WIDGETS)) as MetricWidget[];
    await page.close();
    const byTitle = new Map(widgets.map((w) => [w.title, w]));
    for (const title of ["Traffic by country", "Orders by country"]) {
      const w = byTitle.get(title)!;
      expect(w.lines.length, `${title}: countries`).to.be.greaterThan(3);
      for (const country of w.lines) expect(country, title).to.match(/^[A-Z]{2}$/);
    }
    const zero = byTitle.get("Traffic without orders (alarm condition)")!;
    expect(zero.lines).to.deep.equal(["traffic without orders"]);
    expect(zero.points).to.be.greaterThan(20);
  });
});
