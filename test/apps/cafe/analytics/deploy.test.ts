import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { MockRun, PlannedResource } from "../../../../cli/plan/mockRuntime";
import {
  CAFE_ANALYTICS_DEFAULTS,
  CAFE_ANALYTICS_ENTRY,
  CafeAnalytics,
  geoipArchiveFiles,
  type CafeAnalyticsArgs,
} from "../../../../apps/cafe/analytics/deploy";
import { GEOIP_ARCHIVE_DIR, GEOIP_DATA_FILES } from "../../../../apps/cafe/analytics/contract";
import { AlertingPath, LogPipeline } from "../../../../components";
import { bundleLambdaOnce } from "../../../../components/shared/lambda";
import { evaluate } from "../../../../policy/rules";
import { expectProblems, problemsIn, thrown } from "../../../support/errors";
import {
  ACCOUNT,
  ANONYMOUS,
  OTHER_ACCOUNT,
  assumeRole,
  expectAllowed,
  expectDenied,
  type PolicySet,
} from "../../../support/iam";
import { ofType, one, runProgram } from "../../../support/mocks";
import { deliveries } from "./helpers";

const REGION = "eu-west-1";
const group = (name: string, account = ACCOUNT) => `arn:aws:logs:${REGION}:${account}:log-group:${name}`;

function plan(args: Partial<CafeAnalyticsArgs> = {}): Promise<{ run: MockRun; alarmKeys: string[] }> {
  let alerting!: AlertingPath;
  return runProgram(() => {
    alerting = new AlertingPath("alerts", { emails: ["ops@example.com"] });
    const access = new LogPipeline("access", { logGroupName: "apache/access", archive: {} });
    new CafeAnalytics("cafe-analytics", {
      source: access,
      alerting,
      logDefaults: { retentionInDays: 14, tags: { environment: "dev" } },
      ...args,
    });
  }).then((run) => ({ run, alarmKeys: Object.keys(alerting.alarmNames) }));
}

describe("café analytics deployment", () => {
  let run: MockRun;
  let alarmKeys: string[];
  let fn: PlannedResource;
  before(async function () {
    this.timeout(60_000);
    ({ run, alarmKeys } = await plan());
    fn = one(run, "aws:lambda/function:Function");
  });

  it("deploys the bundled handler with the GeoIP data files beside it, where GEODATADIR points", () => {
    const code = fn.inputs.code as {
      assetArchive: Record<string, { asset?: string; stringAsset?: { sha256: string } }>;
    };
    const files = Object.keys(code.assetArchive).sort();
    expect(files).to.deep.equal(
      ["index.js", ...GEOIP_DATA_FILES.map((f) => `${GEOIP_ARCHIVE_DIR}/${f}`)].sort(),
    );
    expect(code.assetArchive["index.js"].stringAsset?.sha256).to.equal(
      bundleLambdaOnce(CAFE_ANALYTICS_ENTRY).sha256,
    );
    for (const f of GEOIP_DATA_FILES)
      expect(fs.statSync(code.assetArchive[`geoip/${f}`].asset!).size).to.be.greaterThan(1_000_000);
    expect(fn.inputs).to.deep.include({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memorySize: 512,
      timeout: 60,
    });
    expect((fn.inputs.environment as { variables: Record<string, string> }).variables).to.deep.equal({
      GEODATADIR: "geoip",
      ORDER_PATH: CAFE_ANALYTICS_DEFAULTS.orderPath,
      POWERTOOLS_SERVICE_NAME: "cafe-analytics",
      POWERTOOLS_METRICS_NAMESPACE: "obskit/Cafe",
    });
  });

  it("logs to its own explicit, encrypted log group with the stage's retention and geography queries", () => {
    const logGroup = ofType(run, "aws:cloudwatch/logGroup:LogGroup").find(
      (g) => g.inputs.name === "cafe/analytics",
    )!;
    expect(fn.inputs.loggingConfig).to.deep.equal({ logFormat: "JSON", logGroup: "cafe/analytics" });
    expect(logGroup.inputs.retentionInDays).to.equal(14);
    expect(logGroup.inputs.kmsKeyId).to.be.a("string");
    const queries = ofType(run, "aws:cloudwatch/queryDefinition:QueryDefinition").filter((q) =>
      (q.inputs.logGroupNames as string[]).includes("cafe/analytics"),
    );
    expect(queries.map((q) => q.inputs.name).sort()).to.deep.equal([
      "cafe/analytics/orders-by-country",
      "cafe/analytics/requests-by-city",
      "cafe/analytics/requests-by-country",
      "cafe/analytics/server-errors-by-country",
    ]);
    const orders = queries.find((q) => q.inputs.name === "cafe/analytics/orders-by-country")!;
    expect(orders.inputs.queryString).to.include('path = "/cafe/processOrder.php"');
  });

  it("subscribes to apache/access, the group's second subscription beside the archive", () => {
    const subs = ofType(run, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
    expect(subs.map((s) => `${String(s.inputs.logGroup)} → ${String(s.inputs.name)}`).sort()).to.deep.equal([
      "apache/access → access-to-archive",
      "apache/access → cafe-analytics-to-analytics",
    ]);
    const mine = subs.find((s) => s.inputs.name === "cafe-analytics-to-analytics")!;
    const permission = one(run, "aws:lambda/permission:Permission");
    expect(mine.inputs).to.deep.include({ destinationArn: fn.state.arn, filterPattern: "" });
    expect(mine.dependencies).to.include(permission.urn);
  });

  it("retries a failed delivery, then parks it in a KMS-encrypted queue watched by an alarm of the stack", () => {
    const dlq = one(run, "aws:sqs/queue:Queue");
    const async = one(run, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
    expect(async.inputs).to.deep.include({ maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 });
    expect(async.inputs.destinationConfig).to.deep.equal({ onFailure: { destination: dlq.state.arn } });
    expect(dlq.inputs.kmsMasterKeyId).to.equal(
      one(run, "aws:kms/key:Key", "cafe-analytics-dlq-key").state.arn,
    );
    expect(alarmKeys).to.include("CafeAnalyticsDeadLetters");
    const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "cafe-analytics-dlq-alarm");
    expect(alarm.inputs).to.deep.include({
      metricName: "ApproximateNumberOfMessagesVisible",
      namespace: "AWS/SQS",
      treatMissingData: "notBreaching",
    });
  });

  it("may be invoked only by CloudWatch Logs for apache/access of this account", async () => {
    const p = one(run, "aws:lambda/permission:Permission");
    // The statement Lambda stores for this permission (AddPermission's documented rendering).
    const resource = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: p.inputs.principal },
          Action: p.inputs.action,
          Resource: fn.state.arn,
          Condition: {
            StringEquals: { "AWS:SourceAccount": p.inputs.sourceAccount },
            ArnLike: { "AWS:SourceArn": p.inputs.sourceArn },
          },
        },
      ],
    };
    const invoke = (principal: string, context: Record<string, string> = {}) => ({
      principal,
      action: "lambda:InvokeFunction",
      resource: String(fn.state.arn),
      context,
    });
    const logs = `logs.${REGION}.amazonaws.com`;
    await expectAllowed(
      invoke(logs, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": `${group("apache/access")}:*` }),
      { resource },
    );
    await expectDenied(
      invoke(logs, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": `${group("apache/error")}:*` }),
      { resource },
    );
    await expectDenied(
      invoke(logs, {
        "aws:SourceAccount": OTHER_ACCOUNT,
        "aws:SourceArn": `${group("apache/access", OTHER_ACCOUNT)}:*`,
      }),
      { resource },
    );
    await expectDenied(invoke(ANONYMOUS), { resource });
    await expectDenied(invoke(`arn:aws:iam::${OTHER_ACCOUNT}:role/x`), { resource });
  });

  it("has only what it needs: its own log group, its queue, the queue's key through SQS", async () => {
    const role = one(run, "aws:iam/role:Role", "cafe-analytics-function-role");
    const me = `arn:aws:sts::${ACCOUNT}:assumed-role/${String(role.state.name)}/s`;
    const id: PolicySet = {
      identity: ofType(run, "aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === role.state.name)
        .map((p) => p.inputs.policy),
    };
    const own = String(
      ofType(run, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === "cafe/analytics")!.state
        .arn,
    );
    const dlq = String(one(run, "aws:sqs/queue:Queue").state.arn);
    const key = String(one(run, "aws:kms/key:Key", "cafe-analytics-dlq-key").state.arn);
    const withKey: PolicySet = {
      ...id,
      resource: one(run, "aws:kms/key:Key", "cafe-analytics-dlq-key").inputs.policy,
    };
    const req = (action: string, resource: string, context: Record<string, string> = {}) => ({
      principal: me,
      action,
      resource,
      context,
    });
    await expectAllowed(req("logs:PutLogEvents", `${own}:log-stream:2026/11/28/[$LATEST]abc`), id);
    await expectAllowed(req("logs:CreateLogStream", `${own}:log-stream:x`), id);
    await expectDenied(req("logs:PutLogEvents", `${group("apache/access")}:log-stream:x`), id);
    await expectDenied(req("logs:DeleteLogGroup", own), id);
    await expectAllowed(req("sqs:SendMessage", dlq), id);
    await expectDenied(req("sqs:SendMessage", `${dlq}-other`), id);
    await expectDenied(req("sqs:ReceiveMessage", dlq), id);
    const viaSqs = { "kms:ViaService": `sqs.${REGION}.amazonaws.com` };
    await expectAllowed(req("kms:GenerateDataKey", key, viaSqs), withKey);
    await expectAllowed(req("kms:Decrypt", key, viaSqs), withKey);
    await expectDenied(req("kms:Decrypt", key), withKey);
    await expectDenied(req("kms:Decrypt", key, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), withKey);
    await expectDenied(req("kms:Decrypt", key.replace(/key\/.*/, "key/other"), viaSqs), id);
    await expectDenied(req("cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "obskit/Cafe" }), id);
    const trust: PolicySet = { resource: role.inputs.assumeRolePolicy };
    const assume = assumeRole(String(role.state.arn));
    await expectAllowed(
      assume("lambda.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": String(fn.state.arn) }),
      trust,
    );
    await expectDenied(assume("lambda.amazonaws.com", { "aws:SourceAccount": OTHER_ACCOUNT }), trust);
    await expectDenied(assume("logs.amazonaws.com", { "aws:SourceAccount": ACCOUNT }), trust);
    await expectDenied(assume(ANONYMOUS), trust);
    const grant = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] };
    await expectDenied(
      { principal: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/x/s`, action: "kms:Decrypt", resource: key },
      { identity: [grant], resource: withKey.resource },
    );
  });

  it("passes every rule of the policy pack", () => {
    const views = run.resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }));
    const outputs = run.resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.state }));
    expect(evaluate(views, undefined, outputs).map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
  });

  it("takes the order endpoint, sizes and retries from its args", async () => {
    const custom = await plan({
      orderPath: "/shop/order",
      memoryMb: 1024,
      timeoutSeconds: 30,
      maximumRetryAttempts: 0,
      logGroupName: "shop/geo",
    });
    const f = one(custom.run, "aws:lambda/function:Function");
    expect(f.inputs).to.deep.include({ memorySize: 1024, timeout: 30 });
    expect((f.inputs.environment as { variables: Record<string, string> }).variables.ORDER_PATH).to.equal(
      "/shop/order",
    );
    expect(f.inputs.loggingConfig).to.deep.include({ logGroup: "shop/geo" });
    expect(
      one(custom.run, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs
        .maximumRetryAttempts,
    ).to.equal(0);
  });

  it("rejects bad arguments naming field, value and fix", () => {
    const err = thrown(
      () =>
        new CafeAnalytics("bad", {
          source: undefined as never,
          alerting: undefined as never,
          orderPath: "order.php",
          memoryMb: 128,
          maximumRetryAttempts: 3,
        }),
    );
    const problems = problemsIn(err, "CafeAnalytics", "bad");
    expectProblems(problems, [
      { propertyPath: "source", value: undefined },
      { propertyPath: "alerting", value: undefined },
      { propertyPath: "orderPath", value: "order.php" },
      { propertyPath: "memoryMb", value: 128 },
      { propertyPath: "maximumRetryAttempts", value: 3 },
    ]);
    expect(problems[0].fix).to.contain("LogPipeline");
    expect(problems[1].fix).to.contain("AlertingPath");
    expect(problems[3].reason).to.contain("256 to 10240");
  });

  it("the bundle, laid out as in the archive, loads the GeoIP data and handles a real delivery", function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cafe-analytics-"));
    try {
      fs.writeFileSync(path.join(dir, "index.js"), bundleLambdaOnce(CAFE_ANALYTICS_ENTRY).code);
      for (const [at, file] of Object.entries(geoipArchiveFiles())) {
        fs.mkdirSync(path.dirname(path.join(dir, at)), { recursive: true });
        fs.symlinkSync(file, path.join(dir, at));
      }
      const event = deliveries([
        '83.149.9.216 - - [28/Nov/2026:09:00:00 +0000] "POST /cafe/processOrder.php HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
      ])[0];
      const script = `require("./index.js").handler(${JSON.stringify(event)}, { awsRequestId: "r" }).then((s) => console.log("SUMMARY " + JSON.stringify(s)))`;
      // A fresh node with no node_modules in reach, the archive's environment, started elsewhere.
      const out = execFileSync(process.execPath, ["-e", script], {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          GEODATADIR: "geoip",
          ORDER_PATH: "/cafe/processOrder.php",
          NODE_PATH: "",
        },
        encoding: "utf8",
      });
      const lines = out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l.ip === "83.149.9.216")).to.deep.include({
        country: "RU",
        city: "Moscow",
        order: true,
      });
      expect(lines.find((l) => l._aws !== undefined && l.country === "RU")).to.deep.include({
        OrderClicks: 1,
        Requests: 1,
      });
      expect(out).to.match(/SUMMARY .*"requests":1/);
      // Without the data beside it, geoip-lite cannot load: proof the data came from the archive layout.
      fs.rmSync(path.join(dir, GEOIP_ARCHIVE_DIR), { recursive: true });
      expect(() =>
        execFileSync(process.execPath, ["-e", 'require("./index.js")'], {
          cwd: dir,
          env: { PATH: process.env.PATH, GEODATADIR: "geoip" },
          stdio: "pipe",
        }),
      ).to.throw(/ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
