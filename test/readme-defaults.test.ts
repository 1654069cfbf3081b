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
import { settingPaths } from "../stack/settings";

const CONFIG_DOC = path.resolve(__dirname, "../docs/configuration.md");
const CONFIG = fs.readFileSync(CONFIG_DOC, "utf8");

/** The rows of the field table under the heading `### \`key\``, by field name (backticks removed). */
function fields(key: string): Map<string, string[]> {
  const lines = CONFIG.split("\n");
  const at = lines.indexOf(`### \`${key}\``);
  expect(at, `docs/configuration.md has a section for ${key}`).to.be.greaterThan(-1);
  const out = new Map<string, string[]>();
  for (const line of lines.slice(at + 1)) {
    if (line.startsWith("#")) break;
    if (!line.startsWith("| `")) continue;
    const cells = line.split(" | ").map((c) => c.replace(/^\| /, "").replace(/ \|$/, ""));
    for (const name of cells[0].split(", ")) out.set(name.replace(/`/g, ""), cells);
  }
  return out;
}

/** The default the configuration reference states for `key`'s `field` (its third column). */
function statedDefault(key: string, field: string): string {
  const row = fields(key).get(field);
  expect(row, `docs/configuration.md documents ${key} ${field}`).to.be.an("array");
  return row![2].replace(/`/g, "");
}

/** The configuration reference states the defaults the code applies: written once, documented once. */
describe("configuration reference (docs/configuration.md): defaults", () => {
  const cases: [string, string, unknown][] = [
    ["obskit:alarms", "<alarm>.periodSeconds", 60],
    ["obskit:alarms", "<alarm>.evaluationPeriods", ALARM_DEFAULTS.evaluationPeriods],
    ["obskit:alarms", "<alarm>.datapointsToAlarm", "evaluationPeriods"],
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
    ["obskit:cafe", "zeroOrdersAlarm.requestFloor", CAFE_DEFAULTS.zeroOrders.requestFloor],
    ["obskit:cafe", "zeroOrdersAlarm.minutes", CAFE_DEFAULTS.zeroOrders.minutes],
    ["obskit:platform", "lambda.errors.threshold", PLATFORM_DEFAULTS.lambdaErrors.threshold],
    ["obskit:platform", "lambda.errors.periodSeconds", PLATFORM_DEFAULTS.lambdaErrors.periodSeconds],
    ["obskit:platform", "apiGateway.errors5xx.threshold", PLATFORM_DEFAULTS.apiGateway5xx.threshold],
    ["obskit:platform", "apiGateway.errors5xx.periodSeconds", PLATFORM_DEFAULTS.apiGateway5xx.periodSeconds],
    ["obskit:platform", "dms.cdcLatency.threshold", PLATFORM_DEFAULTS.dmsCdcLatency.threshold],
    ["obskit:platform", "dms.cdcLatency.periodSeconds", PLATFORM_DEFAULTS.dmsCdcLatency.periodSeconds],
    ["obskit:platform", "batch.logGroup", PLATFORM_DEFAULTS.batchLogGroup],
  ];
  it("obskit:platform states the retention by stage as PLATFORM_DEFAULTS has it", () => {
    const d = PLATFORM_DEFAULTS.retentionDays;
    expect(statedDefault("obskit:platform", "logRetentionDays")).to.equal(
      `the stage's: dev ${d.dev}, staging ${d.staging}, prod ${d.prod}`,
    );
  });

  for (const [key, field, value] of cases)
    it(`${key}.${field} is documented as ${String(value)}`, () => {
      expect(statedDefault(key, field)).to.equal(String(value));
    });
});

describe("the README's configuration table", () => {
  it("names every top-level key the settings schema reads, and the reference documents each one", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../README.md"), "utf8");
    const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? "";
    expect(section, "README.md has a Configuration section").to.not.equal("");
    const keys = [...new Set(settingPaths().map((p) => (p.includes(":") ? p : `obskit:${p.split(".")[0]}`)))];
    expect(keys).to.include.members(["aws:region", "obskit:environment", "obskit:tags"]);
    for (const key of keys) {
      expect(section, `README.md's Configuration table names ${key}`).to.contain(`\`${key}\``);
      expect(CONFIG, `docs/configuration.md documents ${key}`).to.contain(`\`${key}\``);
    }
  });
});
