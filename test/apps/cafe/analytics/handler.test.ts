import { expect } from "chai";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  AnalyticsConfigError,
  analyzeEvents,
  createHandler,
  loadAnalyticsConfig,
  type AnalyticsConfig,
  type AnalyticsSummary,
  type RequestRecord,
} from "../../../../apps/cafe/analytics/analytics";
import { locate } from "../../../../apps/cafe/analytics/geo";
import { formatAccessLogLine, parseAccessLogLine } from "../../../../apps/cafe/src/accessLog";
import { encodeAwsLogsData } from "../../../../components/processingPath/handler/decode";
import { deliveries } from "./helpers";
import { accessLogLines } from "../../../support/data";
import { captureOutput, lambdaContext } from "../../../components/processingPath/handler/helpers";

const LINES = accessLogLines();

const CONFIG: AnalyticsConfig = {
  orderPath: "/cafe/processOrder.php",
  serviceName: "cafe-test",
  metricsNamespace: "obskit-test",
};

interface Run {
  summaries: AnalyticsSummary[];
  records: RequestRecord[];
  emf: Record<string, unknown>[];
  logs: Record<string, unknown>[];
  error?: unknown;
}

async function runHandler(events: unknown[], config: AnalyticsConfig = CONFIG): Promise<Run> {
  const written: string[] = [];
  const handler = createHandler({
    config,
    logger: new Logger({ serviceName: config.serviceName, logLevel: "WARN" }),
    metrics: new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName }),
    locate,
    write: (text) => written.push(text),
  });
  const summaries: AnalyticsSummary[] = [];
  const out = await captureOutput(async () => {
    for (const e of events) summaries.push(await handler(e, lambdaContext()));
  });
  const records = written
    .join("")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as RequestRecord);
  return {
    summaries,
    records,
    emf: out.records.filter((r) => r._aws !== undefined),
    logs: out.records.filter((r) => r._aws === undefined),
    error: out.error,
  };
}

/** Sum of `metric` over EMF records that have (or, with `country: null`, lack) a country dimension. */
function emfSum(emf: Record<string, unknown>[], metric: string, country?: string | null): number {
  return emf
    .filter((r) =>
      country === null
        ? r.country === undefined
        : country === undefined
          ? r.country !== undefined
          : r.country === country,
    )
    .reduce((sum, r) => sum + (typeof r[metric] === "number" ? (r[metric] as number) : 0), 0);
}

describe("café analytics handler", () => {
  describe("geography", () => {
    it("locates public addresses to country and city from the shipped database", () => {
      expect(locate("83.149.9.216")).to.deep.equal({ country: "RU", city: "Moscow" });
      expect(locate("24.236.252.67")).to.deep.equal({ country: "US", city: "Holland" });
      expect(locate("2001:4860:4860::8888").country).to.equal("US");
    });
    it("answers Unknown for private addresses, host names and the database's country-only ranges' city", () => {
      expect(locate("10.1.2.3")).to.deep.equal({ country: "Unknown", city: "Unknown" });
      expect(locate("192.168.0.10")).to.deep.equal({ country: "Unknown", city: "Unknown" });
      expect(locate("crawler.example.com")).to.deep.equal({ country: "Unknown", city: "Unknown" });
      expect(locate("8.8.8.8")).to.deep.equal({ country: "US", city: "Unknown" });
    });
  });

  describe("over the real access log, as 500-event deliveries", function () {
    this.timeout(120_000);
    let run: Run;
    const plain = LINES.map((l) => parseAccessLogLine(l));
    const parsed = plain.filter((r) => r !== null);
    // An endpoint the (non-café) sample log really has, so order clicks are counted on real lines.
    const orderPath = "/favicon.ico";
    before(async () => {
      run = await runHandler(deliveries(LINES), { ...CONFIG, orderPath });
    });

    it("writes one record per well-formed line and skips the truncated one", () => {
      expect(LINES).to.have.length(10_000);
      expect(run.error).to.equal(undefined);
      expect(run.records).to.have.length(parsed.length);
      expect(parsed.length).to.equal(9_999);
      expect(run.summaries.reduce((s, x) => s + x.malformed, 0)).to.equal(1);
      expect(run.summaries.reduce((s, x) => s + x.events, 0)).to.equal(10_000);
      expect(emfSum(run.emf, "MalformedLines", null)).to.equal(1);
      const warned = run.logs.filter(
        (l) => l.message === "Skipped lines that are not complete combined-format lines",
      );
      expect(warned).to.have.length(1);
    });

    it("records country, city, path, status, time and client of each request, in order", () => {
      expect(run.records[0]).to.deep.equal({
        timestamp: "2015-05-17T10:05:03.000Z",
        ip: "83.149.9.216",
        country: "RU",
        city: "Moscow",
        method: "GET",
        path: "/presentations/logstash-monitorama-2013/images/kibana-search.png",
        status: 200,
        bytes: 203023,
        order: false,
      });
      run.records.forEach((r, i) => {
        const p = parsed[i]!;
        if (
          r.ip !== p.host ||
          r.path !== p.path ||
          r.status !== p.status ||
          r.timestamp !== p.time.toISOString()
        )
          throw new Error(`record ${i} does not match line: ${JSON.stringify(r)}`);
      });
    });

    it("publishes totals equal to the plain parser's counts (and the data set's documented status classes)", () => {
      const count = (f: (r: NonNullable<(typeof parsed)[number]>) => boolean) => parsed.filter(f).length;
      const expected = {
        Requests: parsed.length,
        ClientErrors: count((r) => r.status >= 400 && r.status < 500),
        ServerErrors: count((r) => r.status >= 500),
        OrderClicks: count((r) => r.path === orderPath),
      };
      expect(expected.ClientErrors).to.equal(217);
      expect(expected.ServerErrors).to.equal(3);
      expect(expected.OrderClicks).to.be.greaterThan(0);
      for (const [metric, value] of Object.entries(expected)) {
        expect(emfSum(run.emf, metric, null), `${metric} total`).to.equal(value);
        expect(emfSum(run.emf, metric), `${metric} summed over countries`).to.equal(value);
      }
    });

    it("publishes per-country counts equal to the plain parser's lines located one by one", () => {
      const byCountry = new Map<string, number>();
      for (const r of parsed) {
        const c = locate(r.host).country;
        byCountry.set(c, (byCountry.get(c) ?? 0) + 1);
      }
      expect(byCountry.size).to.be.greaterThan(20);
      for (const [country, n] of byCountry) expect(emfSum(run.emf, "Requests", country), country).to.equal(n);
      expect(emfSum(run.emf, "Requests", "US")).to.be.greaterThan(1000);
      const countries = new Set(run.emf.filter((r) => r.country !== undefined).map((r) => String(r.country)));
      expect([...countries].sort()).to.deep.equal([...byCountry.keys()].sort());
    });

    it("writes EMF records CloudWatch can extract: namespace, dimensions service+country, Count units", () => {
      const rec = run.emf.find((r) => r.country === "RU")!;
      const aws = rec._aws as {
        Timestamp: number;
        CloudWatchMetrics: {
          Namespace: string;
          Dimensions: string[][];
          Metrics: { Name: string; Unit: string }[];
        }[];
      };
      expect(aws.CloudWatchMetrics[0].Namespace).to.equal("obskit-test");
      expect(aws.CloudWatchMetrics[0].Dimensions).to.deep.equal([["service", "country"]]);
      expect(aws.CloudWatchMetrics[0].Metrics.map((m) => `${m.Name}:${m.Unit}`).sort()).to.deep.equal([
        "ClientErrors:Count",
        "OrderClicks:Count",
        "Requests:Count",
        "ServerErrors:Count",
      ]);
      expect(rec.service).to.equal("cafe-test");
      const total = run.emf.find((r) => r.country === undefined)!;
      expect((total._aws as typeof aws).CloudWatchMetrics[0].Dimensions).to.deep.equal([["service"]]);
    });
  });

  describe("café traffic", () => {
    const at = new Date("2026-11-28T09:00:00Z");
    const line = (host: string, method: string, target: string, status: number) =>
      formatAccessLogLine({
        host,
        time: at,
        method,
        target,
        status,
        bytes: 512,
        referer: "-",
        userAgent: "Mozilla/5.0",
      });
    const lines = [
      line("83.149.9.216", "GET", "/cafe/menu.php", 200),
      line("83.149.9.216", "POST", "/cafe/processOrder.php", 200),
      line("24.236.252.67", "GET", "/cafe/menu.php", 500),
      line("24.236.252.67", "POST", "/cafe/processOrder.php?item=latte", 302),
      line("24.236.252.67", "GET", "/cafe/missing.php", 404),
      line("10.0.0.7", "GET", "/cafe/index.php", 200),
    ];

    it("counts order clicks, client and server errors per country", async () => {
      const run = await runHandler(deliveries(lines));
      expect(emfSum(run.emf, "OrderClicks", "RU")).to.equal(1);
      expect(emfSum(run.emf, "OrderClicks", "US")).to.equal(1);
      expect(emfSum(run.emf, "ServerErrors", "US")).to.equal(1);
      expect(emfSum(run.emf, "ClientErrors", "US")).to.equal(1);
      expect(emfSum(run.emf, "Requests", "Unknown")).to.equal(1);
      expect(emfSum(run.emf, "OrderClicks", null)).to.equal(2);
      expect(run.records.filter((r) => r.order).map((r) => r.country)).to.deep.equal(["RU", "US"]);
      expect(run.records[2]).to.deep.include({
        country: "US",
        city: "Holland",
        path: "/cafe/menu.php",
        status: 500,
      });
    });

    it("publishes zero order clicks while traffic goes on (the design's incident is visible per country)", () => {
      const a = analyzeEvents(
        lines.filter((l) => !l.includes("processOrder")).map((message) => ({ message })),
        CONFIG.orderPath,
        locate,
      );
      expect(a.byCountry.get("US")).to.deep.equal({
        requests: 2,
        clientErrors: 1,
        serverErrors: 1,
        orderClicks: 0,
      });
    });
  });

  describe("deliveries that are not requests", () => {
    it("ignores CloudWatch Logs' control message", async () => {
      const control = JSON.stringify({
        messageType: "CONTROL_MESSAGE",
        owner: "CloudwatchLogs",
        logGroup: "",
        logStream: "",
        subscriptionFilters: [],
        logEvents: [
          {
            id: "",
            timestamp: 1_700_000_000_000,
            message: "CWL CONTROL MESSAGE: Checking health of destination Lambda.",
          },
        ],
      });
      const run = await runHandler([{ awslogs: { data: encodeAwsLogsData(control) } }]);
      expect(run.error).to.equal(undefined);
      expect(run.records).to.have.length(0);
      expect(run.emf).to.have.length(0);
      expect(run.summaries[0]).to.include({ messageType: "CONTROL_MESSAGE", requests: 0 });
    });

    it("rethrows an undecodable event so Lambda retries it and parks it on the on-failure destination", async () => {
      const run = await runHandler([{ awslogs: { data: "not base64 gzip!" } }]);
      expect((run.error as Error).name).to.equal("PayloadDecodeError");
      expect(
        run.logs.some((l) => l.level === "ERROR" && String(l.message).includes("on-failure destination")),
      ).to.equal(true);
      expect(run.records).to.have.length(0);
    });
  });

  describe("configuration", () => {
    it("defaults the order endpoint to the café's and names the variable on a bad value", () => {
      expect(loadAnalyticsConfig({}).orderPath).to.equal("/cafe/processOrder.php");
      expect(loadAnalyticsConfig({ ORDER_PATH: "/shop/buy" }).orderPath).to.equal("/shop/buy");
      expect(() => loadAnalyticsConfig({ ORDER_PATH: "cafe/processOrder.php" })).to.throw(
        AnalyticsConfigError,
        /ORDER_PATH must be a URL path/,
      );
      expect(() => loadAnalyticsConfig({ ORDER_PATH: "/a?b=1" })).to.throw(AnalyticsConfigError);
    });
  });
});
