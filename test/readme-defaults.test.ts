import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { ALARM_DEFAULTS } from "../components/alertingPath/alarms";
import { AUDIT_TRAIL_DEFAULTS } from "../components/auditTrail/args";
import { PROCESSING_PATH_DEFAULTS } from "../components/processingPath/args";
import { LOG_ANALYZER_DEFAULTS } from "../apps/log-analyzer/deploy";
import { ORDER_WORKER_DEFAULTS } from "../apps/order-worker/deploy";
import { PLATFORM_DEFAULTS } from "../stack/platform";
import { CAFE_SERVER_DEFAULTS } from "../apps/cafe/deploy";
import { CAFE_DEFAULTS } from "../stack/cafe";

const README = fs.readFileSync(path.resolve(__dirname, "../README.md"), "utf8");

/** The README config table's row of `key`. */
function row(key: string): string {
  const line = README.split("\n").find((l) => l.startsWith(`| \`${key}\` |`));
  expect(line, `README has a config row for ${key}`).to.be.a("string");
  return line!;
}

/** The default the row states for `field`: the text after the last ";" in `field (…)`, or all of it. */
function statedDefault(rowText: string, field: string): string {
  const m = new RegExp(`\\b${field}\`?(?: MiB)? \\(((?:[^()]|\\([^()]*\\))*)\\)`).exec(rowText);
  expect(m, `${field} is described with its default`).to.not.equal(null);
  const parts = m![1].split("; ");
  return parts[parts.length - 1].replace(/`/g, "");
}

/** The README's config table states the defaults the code applies: written once, documented once. */
describe("README config table: defaults", () => {
  const cases: [string, string, unknown][] = [
    ["obskit:alarms", "periodSeconds", 60],
    ["obskit:alarms", "evaluationPeriods", ALARM_DEFAULTS.evaluationPeriods],
    ["obskit:alarms", "datapointsToAlarm", "evaluationPeriods"],
    ...(["desiredCount", "cpu", "memory", "ratePerSecond"] as const).map((f): [string, string, unknown] => [
      "obskit:orderWorker",
      f,
      ORDER_WORKER_DEFAULTS[f],
    ]),
    ...(
      ["errorThreshold", "schedule", "http5xxThreshold", "exposure", "desiredCount", "cpu", "memory"] as const
    ).map((f): [string, string, unknown] => ["obskit:analyzer", f, LOG_ANALYZER_DEFAULTS[f]]),
    ...(["memoryMb", "timeoutSeconds", "incidentTtlDays"] as const).map((f): [string, string, unknown] => [
      "obskit:realtime",
      f,
      PROCESSING_PATH_DEFAULTS[f],
    ]),
    ...(["transitionAfterDays", "expireAfterDays"] as const).map((f): [string, string, unknown] => [
      "obskit:audit",
      f,
      AUDIT_TRAIL_DEFAULTS.bucket[f],
    ]),
    ["obskit:cafe", "instanceType", CAFE_SERVER_DEFAULTS.instanceType],
    ["obskit:cafe", "rootVolumeGb", CAFE_SERVER_DEFAULTS.rootVolumeGb],
    ["obskit:cafe", "httpCidrs", "[]"],
    ["obskit:cafe", "requestFloor", CAFE_DEFAULTS.zeroOrders.requestFloor],
    ["obskit:cafe", "minutes", CAFE_DEFAULTS.zeroOrders.minutes],
  ];
  it("obskit:platform states the seed's thresholds and retention by stage as PLATFORM_DEFAULTS has them", () => {
    const r = row("obskit:platform");
    const d = PLATFORM_DEFAULTS;
    expect(r).to.contain(
      `the stage's: dev ${d.retentionDays.dev}, staging ${d.retentionDays.staging}, prod ${d.retentionDays.prod}`,
    );
    for (const [field, t] of [
      ["errors", d.lambdaErrors],
      ["errors5xx", d.apiGateway5xx],
      ["cdcLatency", d.dmsCdcLatency],
    ] as const) {
      const at = r.indexOf(`\`${field}\` (`);
      expect(at, field).to.be.greaterThan(-1);
      expect(r.slice(at, r.indexOf(")) ", at) + 2), field).to.contain(
        `threshold (${t.threshold}), periodSeconds (${t.periodSeconds})`,
      );
    }
    expect(r).to.contain(`\`batch\` { \`logGroup\` (${d.batchLogGroup})`);
  });

  for (const [key, field, value] of cases)
    it(`${key}.${field} is documented as ${String(value)}`, () => {
      expect(statedDefault(row(key), field)).to.equal(String(value));
    });
});
