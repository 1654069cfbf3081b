/**
 * The café's metric filters over the real Apache access log and over the café's generated traffic,
 * each counted by our filter-pattern engine and, independently, by a plain combined-format parser
 * written here (not apps/cafe/src/accessLog.ts); the café system in the dev and prod plans.
 */
import { expect } from "chai";
import { compileFilterPattern, metricValueFor } from "../../components/filterPattern";
import { parseAccessLogLine } from "../../apps/cafe/src/accessLog";
import { REAL_ACCESS_LINES } from "../../apps/cafe/src/samples";
import { trafficLines } from "../../apps/cafe/src/traffic";
import { CAFE_DEFAULTS, cafeMetricFilters } from "../../stack/cafe";
import { accessLogLines } from "../support/data";
import { planOf } from "../support/mocks";

const fileLines = accessLogLines();

/** A plain combined-format line: split by hand, quote by quote. `null` unless all nine fields are complete. */
interface Plain {
  method: string;
  target: string;
  status: number;
  bytes: string;
}
function plainParse(line: string): Plain | null {
  const open = line.indexOf(" [");
  const close = line.indexOf("] ", open);
  if (open < 0 || close < 0 || line.slice(0, open).split(" ").length !== 3) return null;
  let rest = line.slice(close + 2);
  const quoted = (): string | null => {
    if (!rest.startsWith('"')) return null;
    let i = 1;
    while (i < rest.length && rest[i] !== '"') i += rest[i] === "\\" ? 2 : 1;
    if (i >= rest.length) return null; // no closing quote: truncated
    const value = rest.slice(1, i);
    rest = rest.slice(i + 1).replace(/^ /, "");
    return value;
  };
  const request = quoted();
  if (request === null) return null;
  const sp = rest.indexOf(" ");
  const sp2 = rest.indexOf(" ", sp + 1);
  const status = rest.slice(0, sp);
  const bytes = rest.slice(sp + 1, sp2);
  rest = rest.slice(sp2 + 1);
  if (quoted() === null || quoted() === null || rest !== "") return null;
  const [method, target] = request.split(" ");
  if (!/^\d{3}$/.test(status) || method === undefined || target === undefined) return null;
  return { method, target, status: Number(status), bytes };
}

const pathOf = (t: string): string => t.split("?")[0]!;
/** What each café filter means, over a plainly parsed line. */
const MEANING: Record<string, (p: Plain) => boolean> = {
  Requests: () => true,
  NotFound: (p) => p.status === 404,
  ClientErrors: (p) => p.status >= 400 && p.status < 500,
  ServerErrors: (p) => p.status >= 500,
  MenuServerErrors: (p) => pathOf(p.target) === "/cafe/menu.php" && p.status >= 500,
  OrderClicks: (p) => p.method === "POST" && pathOf(p.target) === "/cafe/processOrder.php" && p.status < 400,
  BytesSent: (p) => /^\d+$/.test(p.bytes),
};

function compare(lines: readonly string[]) {
  const parsed = lines.map(plainParse);
  return cafeMetricFilters().map((f) => {
    const m = compileFilterPattern(f.pattern);
    const meaning = MEANING[f.name]!;
    let engine = 0;
    let engineValue = 0;
    let plainValue = 0;
    const truncatedMatches: number[] = [];
    lines.forEach((line, i) => {
      const r = m(line);
      const p = parsed[i];
      if (p === null) {
        if (r.matched) truncatedMatches.push(i + 1);
        return;
      }
      if (r.matched) {
        engine += 1;
        if (f.value) engineValue += metricValueFor(r, f.value) ?? 0;
      }
      if (meaning(p) && f.value) plainValue += Number(p.bytes);
    });
    const plain = parsed.filter((p) => p !== null && meaning(p)).length;
    return { name: f.name, engine, plain, engineValue, plainValue, truncatedMatches };
  });
}

/** The filters over the whole real log, compared once for the tests that read it. */
let realComparison: ReturnType<typeof compare> | undefined;
const compareReal = () => (realComparison ??= compare(fileLines));

describe("café metric filters", () => {
  it("the independent parser rejects exactly the truncated line of the real log", () => {
    expect(fileLines).to.have.length(10_000);
    const rejected = fileLines.flatMap((l, i) => (plainParse(l) === null ? [i + 1] : []));
    expect(rejected).to.deep.equal([8899]);
  });

  it("count over the whole real access.log exactly what the plain parser counts", () => {
    const results = compareReal();
    const by = Object.fromEntries(results.map((r) => [r.name, r]));
    for (const r of results) expect(r.engine, r.name).to.equal(r.plain);
    // the documented classes: 4xx 217, 5xx 3, of 9,999 complete lines
    expect(by.Requests!.plain).to.equal(9_999);
    expect(by.ClientErrors!.plain).to.equal(217);
    expect(by.ServerErrors!.plain).to.equal(3);
    expect(by.NotFound!.plain).to.be.greaterThan(200);
    expect(by.BytesSent!.engineValue).to.equal(by.BytesSent!.plainValue);
    expect(by.BytesSent!.plainValue).to.be.greaterThan(1e8);
  });

  it("the truncated line crashes nothing and counts for none of the café filters", () => {
    const truncated = fileLines[8898]!;
    expect(truncated).to.equal(REAL_ACCESS_LINES.truncated);
    const matched = cafeMetricFilters()
      .filter((f) => compileFilterPattern(f.pattern)(truncated).matched)
      .map((f) => f.name);
    // its user agent opens a quote that never closes: a malformed line, no request, no bytes
    expect(matched).to.deep.equal([]);
    const results = compareReal();
    expect(results.flatMap((r) => r.truncatedMatches.map((n) => `${r.name}@${n}`))).to.deep.equal([]);
  });

  it("count the café's own traffic, incident included, exactly as the plain parser does", () => {
    const lines = trafficLines({ seed: 7, count: 3000, notFoundShare: 0.05, incidentAfterMinutes: 20 });
    const results = compare(lines);
    for (const r of results) expect(r.engine, r.name).to.equal(r.plain);
    const by = Object.fromEntries(results.map((r) => [r.name, r.plain]));
    expect(by.Requests).to.equal(3000);
    expect(by.MenuServerErrors).to.be.greaterThan(100);
    expect(by.OrderClicks).to.be.greaterThan(50);
    expect(by.NotFound).to.be.greaterThan(50);
  });

  it("traffic but zero orders: the alarm's condition holds every incident minute and no normal minute", () => {
    // per-minute sums of the two filter metrics, as CloudWatch would aggregate them, from the
    // generator's timestamps; the condition of the alarm's expression evaluated on them
    const filters = Object.fromEntries(
      cafeMetricFilters().map((f) => [f.name, compileFilterPattern(f.pattern)]),
    );
    const { requestFloor, minutes } = CAFE_DEFAULTS.zeroOrders;
    const breaching = (lines: string[]): boolean[] => {
      const perMinute = new Map<number, { requests: number; orders: number }>();
      for (const l of lines) {
        const minute = Math.floor(parseAccessLogLine(l)!.time.getTime() / 60_000);
        const m = perMinute.get(minute) ?? { requests: 0, orders: 0 };
        if (filters.Requests!(l).matched) m.requests += 1;
        if (filters.OrderClicks!(l).matched) m.orders += 1;
        perMinute.set(minute, m);
      }
      // the last minute is partial
      return [...perMinute.values()].slice(0, -1).map((m) => m.requests >= requestFloor && m.orders === 0);
    };
    const normal = breaching(trafficLines({ seed: 21, count: 60 * 120 }));
    expect(normal).to.have.length.greaterThan(100);
    expect(normal.filter(Boolean)).to.have.length(0);
    const incident = breaching(trafficLines({ seed: 21, count: 60 * 60, incidentAfterMinutes: 30 }));
    expect(incident.slice(0, 30).filter(Boolean)).to.have.length(0);
    const after = incident.slice(30);
    expect(after.length).to.be.greaterThan(minutes);
    expect(after.every(Boolean)).to.equal(true);
  });

  it("samples are verbatim lines of the real log", () => {
    const all = new Set(fileLines);
    for (const [k, l] of Object.entries(REAL_ACCESS_LINES)) expect(all.has(l), k).to.equal(true);
    // a real line with only its status and bytes fields changed: a sample at a filter's threshold
    const STATUS_BYTES = /^(.*? \[[^\]]*\] "[^"]*" )\S+ \S+( .*)$/;
    const outside = (l: string) => l.replace(STATUS_BYTES, "$1<status> <bytes>$2");
    const realOutside = new Set(fileLines.filter((l) => STATUS_BYTES.test(l)).map(outside));
    let rewritten = 0;
    for (const f of cafeMetricFilters()) {
      const samples = [...(f.samples?.match ?? []), ...(f.samples?.noMatch ?? [])];
      // a sample is a real line, generated café traffic (the real log has no café pages), junk, or
      // a real line moved to a threshold
      for (const s of samples) {
        const atThreshold = !all.has(s) && STATUS_BYTES.test(s) && realOutside.has(outside(s));
        if (atThreshold) rewritten++;
        expect(
          all.has(s) || s.includes("/cafe/") || plainParse(s) === null || atThreshold,
          `${f.name}: ${s}`,
        ).to.equal(true);
      }
      expect(
        f.samples?.noMatch?.some((s) => all.has(s)),
        `${f.name} has a real non-matching line`,
      ).to.equal(true);
    }
    // NotFound at 403 and 405, BytesSent at -1, 0 and 1 (OrderClicks moves café traffic)
    expect(rewritten).to.equal(5);
  });
});

for (const stack of ["dev", "prod"])
  describe(`café in the ${stack} plan`, function () {
    this.timeout(120_000);
    it("ships its log groups, instance, alarms and outputs", async () => {
      const plan = await planOf(stack);
      const out = plan.run.outputs as Record<string, Record<string, string> & string>;
      expect(out.logGroupNames).to.deep.include({ cafeAccess: "apache/access", cafeErrors: "apache/error" });
      expect(out.cafeInstanceId).to.match(/^i-/);
      expect(out.alarmNames).to.deep.include({
        Cafe404Errors: `${stack}-Cafe404Errors`,
        Cafe5xxErrors: `${stack}-Cafe5xxErrors`,
        CafeTrafficWithoutOrders: `${stack}-CafeTrafficWithoutOrders`,
      });
      const alarms = plan.run.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
      const byName = (n: string) => alarms.find((a) => a.inputs.name === `${stack}-${n}`)!;
      expect(byName("Cafe404Errors").inputs).to.deep.include({
        comparisonOperator: "GreaterThanThreshold",
        threshold: CAFE_DEFAULTS.notFound.threshold,
        period: 60,
        treatMissingData: "notBreaching",
      });
      const zero = byName("CafeTrafficWithoutOrders").inputs;
      const floor = stack === "dev" ? 10 : 20;
      expect(zero.evaluationPeriods).to.equal(10);
      expect(zero.treatMissingData).to.equal("notBreaching");
      const queries = zero.metricQueries as {
        id: string;
        expression?: string;
        metric?: { metricName: string };
      }[];
      expect(queries.map((q) => q.metric?.metricName ?? q.expression)).to.deep.equal([
        "Requests",
        "OrderClicks",
        `IF(FILL(requests, 0) >= ${floor} AND FILL(orders, 0) == 0, 1, 0)`,
      ]);
      const instance = plan.run.resources.find((r) => r.type === "aws:ec2/instance:Instance")!;
      expect(instance.inputs.instanceType).to.equal(stack === "dev" ? "t3.micro" : "t4g.small");
      const logGroups = plan.run.resources.filter(
        (r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && String(r.inputs.name).startsWith("apache/"),
      );
      for (const g of logGroups) {
        expect(g.inputs.retentionInDays).to.equal(stack === "dev" ? 7 : 30);
        expect(String(g.inputs.kmsKeyId)).to.match(/^arn:aws:kms:/);
      }
      // the archive and the analytics: the two subscriptions apache/access may have, and no third
      const subs = plan.run.resources.filter(
        (r) => r.type === "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
      );
      const onAccess = subs.filter((r) => r.inputs.logGroup === "apache/access").map((r) => r.inputs.name);
      expect(onAccess.sort()).to.deep.equal(["cafe-access-to-archive", "cafe-analytics-to-analytics"]);
      expect(out.cafeArchiveBucketName).to.match(/^cafe-access-archive-/);
      expect(out.cafeAnalyticsFunctionName).to.be.a("string").and.not.equal("");
      expect(out.logGroupNames).to.deep.include({ cafeAnalytics: "cafe/analytics" });
      expect(out.alarmNames).to.have.property("CafeAnalyticsDeadLetters");
      const lifecycle = plan.run.resources.find(
        (r) =>
          r.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration" &&
          r.name === "cafe-access-archive-lifecycle",
      )!;
      expect(JSON.stringify(lifecycle.inputs)).to.include(stack === "dev" ? '"days":30' : '"days":90');
      expect(plan.json.policy.violations).to.deep.equal([]);
    });
  });
