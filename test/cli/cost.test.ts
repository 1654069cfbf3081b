import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { run } from "../../cli/commands/cost";
import type { CostReport } from "../../cli/cost/report";

const ROOT = path.resolve(__dirname, "../..");

async function cost(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

const reports = new Map<string, Promise<CostReport>>();
/** `obskit cost --stack <stack> --json [...]`, computed once per argument list (each plans the stack 4 times). */
function report(stack: string, ...extra: string[]): Promise<CostReport> {
  const key = [stack, ...extra].join(" ");
  let p = reports.get(key);
  if (!p) {
    const previous = [...reports.values()];
    p = Promise.allSettled(previous).then(async () => {
      const r = await cost(["--stack", stack, "--json", ...extra]);
      expect(r.status, r.stderr).to.equal(0);
      return JSON.parse(r.stdout) as CostReport;
    });
    reports.set(key, p);
  }
  return p;
}

const settingOf = (r: CostReport, key: string) => {
  const s = r.settings.find((x) => x.key === key);
  expect(s, key).to.not.equal(undefined);
  return s as NonNullable<typeof s>;
};

describe("obskit cost", () => {
  it("--json: line items from the prod plan's own resources, summing to the total, priced from the dated eu-west-1 table", async () => {
    const r = await report("prod");
    expect(r.stack).to.equal("prod");
    expect(r.region).to.equal("eu-west-1");
    expect(r.prices.file).to.equal("cli/cost/prices/eu-west-1.json");
    expect(r.prices.asOf).to.match(/^\d{4}-\d{2}-\d{2}$/);
    const lines = r.estimate.lines;
    const sum = Math.round(lines.reduce((s, l) => s + l.monthlyUsd, 0) * 100) / 100;
    expect(r.estimate.totalUsd).to.equal(sum);
    for (const l of lines) expect(l.monthlyUsd, l.item).to.be.closeTo(l.quantity * l.unitPrice, 1e-9);
    const categories = Object.keys(r.estimate.byCategory);
    for (const c of [
      "CloudWatch Logs",
      "CloudWatch metrics",
      "CloudWatch alarms",
      "CloudWatch dashboards",
      "Contributor Insights",
      "Log anomaly detection",
      "CloudTrail",
      "Lambda",
      "DynamoDB",
      "KMS",
      "SNS",
      "SQS",
      "S3",
      "Firehose",
      "Fargate",
      "EC2",
    ])
      expect(categories, c).to.include(c);
    // read from the plan: prod's 30-day retention, its t4g.small, its 2 e-mail subscriptions, 6 dashboards
    expect(lines.filter((l) => /^storage .*\(30-day retention\)/.test(l.item))).to.have.length.greaterThan(
      10,
    );
    expect(lines.find((l) => /instance cafe-instance \(t4g\.small\)/.test(l.item))?.unitPrice).to.equal(
      0.0184,
    );
    expect(lines.find((l) => /^e-mail notifications to 2 subscriptions/.test(l.item))).to.not.equal(
      undefined,
    );
    expect(lines.find((l) => /^6 dashboards, first 3 free/.test(l.item))?.monthlyUsd).to.equal(9);
    // the scheduled analyzer runs on its own rate(5 minutes): 8,760 a month
    expect(lines.find((l) => /^requests analyzer-scheduled/.test(l.item))?.quantityLabel).to.equal(
      "8,760 requests",
    );
    expect(r.seed003).to.include({ seedLowUsd: 80, seedHighUsd: 160, totalUsd: r.estimate.totalUsd });
  });

  it("shows what prod's settings cost: 30 → 7 days saves storage, anomaly detection off removes the detector", async () => {
    const r = await report("prod");
    const retention = settingOf(r, "obskit:logRetentionDays");
    expect(retention).to.include({ current: "30", alternative: "7" });
    expect(retention.deltaUsd).to.be.lessThan(0);
    expect(Object.keys(retention.byCategory ?? {})).to.deep.equal(["CloudWatch Logs"]);
    const anomaly = settingOf(r, "obskit:anomalyDetection");
    expect(anomaly).to.include({ current: "true", alternative: "false" });
    expect(anomaly.resourceChanges).to.deep.equal({
      "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector": -1,
    });
    // an INFREQUENT_ACCESS class cannot carry the metric filters: said, not priced
    expect(settingOf(r, "obskit:logClass").notPossible).to.match(/metricFilters.*INFREQUENT_ACCESS/);
  });

  it("dev vs prod: dev's 7-day retention, no data events, one task each, a smaller instance — and cheaper", async () => {
    const [dev, prod] = [await report("dev"), await report("prod")];
    expect(dev.estimate.totalUsd).to.be.lessThan(prod.estimate.totalUsd);
    expect(dev.estimate.lines.some((l) => /\(30-day retention\)/.test(l.item))).to.equal(false);
    expect(dev.estimate.lines.some((l) => /^data events/.test(l.item))).to.equal(false);
    expect(prod.estimate.lines.filter((l) => /^data events/.test(l.item)).map((l) => l.item)).to.deep.equal([
      "data events AWS::Lambda::Function",
      "data events AWS::S3::Object",
    ]);
    expect(dev.estimate.byCategory.Fargate).to.be.lessThan(prod.estimate.byCategory.Fargate ?? 0);
    expect(dev.estimate.lines.find((l) => /instance cafe-instance/.test(l.item))?.item).to.match(/t3\.micro/);
    expect(dev.estimate.lines.some((l) => l.category === "Log anomaly detection")).to.equal(false);
    const retention = settingOf(dev, "obskit:logRetentionDays");
    expect(retention).to.include({ current: "7", alternative: "30" });
    expect(retention.deltaUsd).to.be.greaterThan(0);
    expect(settingOf(dev, "obskit:anomalyDetection").resourceChanges).to.deep.equal({
      "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector": 1,
    });
  });

  it("--ingest-gb-per-day splits the stack's rate across its log groups", async () => {
    const r = await report("prod", "--ingest-gb-per-day", "17");
    expect(r.assumptions.ingestGbPerDay).to.equal(17);
    const ingestion = r.estimate.lines.filter((l) => /^ingestion \S+ \(STANDARD\)$/.test(l.item));
    expect(ingestion).to.have.length(17);
    // 17 GB/day over 17 groups: 1 GB/day each, 30.4167 GB/month × $0.57
    for (const l of ingestion) expect(l.monthlyUsd).to.be.closeTo((730 / 24) * 0.57, 1e-9);
  });

  it("prints a readable report with assumptions, the settings section and the platform monitoring module's estimate", async () => {
    const r = await cost(["--stack", "prod", "--lambda-invocations", "5000"]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Monthly cost estimate for obskit\/prod \(eu-west-1\): \$\d+\.\d\d\/month/);
    expect(r.stdout).to.match(/list prices as of \d{4}-\d{2}-\d{2}/);
    expect(r.stdout).to.match(/\n3 of \d+ prices confirmed by their AWS pricing page's text;/);
    expect(r.stdout).to.contain("assumes 0.2 GB/day per log group (assumed; set --ingest-gb-per-day)");
    expect(r.stdout).to.contain("assumes 5,000 invocations/month (assumed; set --lambda-invocations)");
    expect(r.stdout).to.match(
      /What the stage's settings cost[\s\S]*obskit:logRetentionDays 30 → 7: −\$\d+\.\d\d\/month/,
    );
    expect(r.stdout).to.match(/obskit:anomalyDetection true → false: .*resources −1 LogAnomalyDetector/);
    expect(r.stdout).to.match(
      /Against the platform monitoring module's design, section Estimated Monthly Cost: \$80\.00–\$160\.00\/month/,
    );
    expect(r.stdout).to.match(/CloudTrail \(depends on events\): seed \$20\.00–\$50\.00, this estimate \$\d/);
  });

  it("--help prints the usage (exit 0); a bad flag, a bad number or no --stack exits 2", async () => {
    const help = await cost(["--help"]);
    expect(help.status).to.equal(0);
    expect(help.stdout).to.match(/^usage: obskit cost --stack <name>/);
    expect(help.stdout).to.contain("--ingest-gb-per-day");
    for (const argv of [
      ["--stack", "prod", "--nope"],
      ["--stack", "prod", "--ingest-gb-per-day", "lots"],
      ["--stack", "prod", "--ci-match-ratio", "2"],
      [],
    ]) {
      const r = await cost(argv);
      expect(r.status, argv.join(" ")).to.equal(2);
      expect(r.stderr).to.match(/^obskit cost: /);
      expect(r.stdout).to.equal("");
    }
    const missing = await cost(["--stack", "staging"]);
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.match(/no stack "staging"/);
  });

  it("runs as `npm run obskit -- cost` (the launcher), listed in the command usage", () => {
    const r = spawnSync(process.execPath, ["cli/launch.js", "cost", "--stack", "dev", "--json"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stderr).to.equal(0);
    expect((JSON.parse(r.stdout) as CostReport).stack).to.equal("dev");
    const usage = spawnSync(process.execPath, ["cli/launch.js", "--help"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(usage.stdout).to.match(/obskit cost --stack <name>/);
    const bad = spawnSync(process.execPath, ["cli/launch.js", "cost", "--bogus"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(bad.status).to.equal(2);
  });
});
