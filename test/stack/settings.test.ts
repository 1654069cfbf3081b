import { LOG_ANALYZER_DEFAULTS } from "../../apps/log-analyzer/deploy";
import { expect } from "chai";
import { parseSettings, settingPaths, type Settings } from "../../stack/settings";
import { composeAnalyzer } from "../../stack/analyzer";
import { composeAudit } from "../../stack/audit";
import { composeCafe } from "../../stack/cafe";
import { composeOrders } from "../../stack/orders";
import { composePlatform } from "../../stack/platform";
import { composeRealtime } from "../../stack/realtime";
import { createShared, type Shared } from "../../stack/shared";
import type { MockRun } from "../../cli/plan/mockRuntime";
import { isDeepStrictEqual } from "node:util";
import { formatProblem, type ObskitProblem } from "../../components/errors";
import { expectProblems, problemsIn, thrown } from "../support/errors";
import { ofType, runProgram } from "../support/mocks";

const VALID: Record<string, string> = {
  "aws:region": "eu-west-1",
  "obskit:environment": "dev",
  "obskit:logRetentionDays": "7",
  "obskit:protect": "false",
  "obskit:alertEmails": '["oncall@example.com"]',
  "obskit:alarms": '{"paymentFailures":{"threshold":5}}',
  // every platform service, so a bad value of one key is the only problem
  "obskit:platform": JSON.stringify({
    lambda: { functions: ["fn"], errors: { threshold: 10 } },
    apiGateway: { apiName: "api", stage: "dev", errors5xx: { threshold: 5 } },
    batch: {},
    dms: { replicationInstanceId: "dms", replicationTaskId: "task", cdcLatency: { threshold: 300 } },
  }),
};

/** The system a top-level key configures: what a planned stack builds from it. */
const SYSTEM_OF: Record<string, (s: Settings, shared: Shared) => unknown> = {
  realtime: composeRealtime,
  analyzer: composeAnalyzer,
  audit: composeAudit,
  platform: composePlatform,
  cafe: composeCafe,
};

/** What a component reports when the stack is planned with `config`: the settings parse, the component refuses. */
interface ComponentProblem {
  component: string;
  problems: readonly ObskitProblem[];
}

/**
 * Plans the system `key` configures (the order system for the stack-wide keys) from `config`, which
 * settings accept, and returns the construction problem a component reports.
 */
async function planned(key: string, config: Record<string, string>): Promise<ComponentProblem> {
  const s = parseSettings(config);
  const compose = SYSTEM_OF[key.split(".")[0]] ?? composeOrders;
  let err: unknown;
  await runProgram(() => {
    try {
      compose(s, createShared(s));
    } catch (e) {
      err = e;
    }
  });
  expect(err, "a component reports the problem").to.be.instanceOf(Error);
  const component = (err as Error & { component: string }).component;
  return { component, problems: problemsIn(err as Error, component) };
}

function problems(overrides: Record<string, string | undefined>): string[] {
  const err = thrown(() => parseSettings({ ...VALID, ...overrides }));
  expect(err.name).to.equal("ConfigError");
  return (err as Error & { problems: string[] }).problems;
}

describe("stack settings (Pulumi.<stack>.yaml)", () => {
  it("parses a minimal valid config, leaving what a component defaults unset", async () => {
    const s: Settings = parseSettings(VALID);
    expect(s).to.deep.include({
      environment: "dev",
      logRetentionDays: 7,
      protect: false,
    });
    expect(s.logClass, "the LogPipeline's default").to.equal(undefined);
    expect(s.anomalyDetection, "the LogPipeline's default").to.equal(undefined);
    // the log class and anomaly detection default in the LogPipeline (LOG_PIPELINE_DEFAULTS):
    // the planned log groups are STANDARD, with no anomaly detector
    const run: MockRun = await runProgram(() => composeOrders(s, createShared(s)));
    const groups = ofType(run, "aws:cloudwatch/logGroup:LogGroup");
    expect(groups).to.have.length.greaterThan(0);
    for (const g of groups) expect(g.inputs.logGroupClass, String(g.inputs.name)).to.equal("STANDARD");
    expect(ofType(run, "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector")).to.deep.equal([]);
    // the period, periods and datapoints default in the Metric and the AlertingPath, the
    // worker's size and rate in its deployment: written once, there
    expect(s.alarms.paymentFailures).to.deep.equal({ threshold: 5 });
    expect(s.orderWorker).to.deep.equal({ enabled: true });
    expect(s.realtime).to.deep.equal({
      enabled: true,
      sourceLogGroup: "/aws/lambda/test-log-emitter",
      errorAlarm: { threshold: 1 },
      testEmitter: false,
    });
    expect(s.analyzer).to.deep.equal({ enabled: true });
    expect(s.tags).to.deep.equal({});
  });

  it("rejects a retention AWS does not offer, listing the allowed values (the LogPipeline's rule)", async () => {
    const p = await planned("logRetentionDays", { ...VALID, "obskit:logRetentionDays": "8" });
    expect(p.component).to.equal("LogPipeline");
    const allowed =
      "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
    expectProblems(p.problems, [{ propertyPath: "retentionInDays", value: 8 }]);
    expect(p.problems[0].reason).to.equal(`must be one of ${allowed}`);
    expect(p.problems[0].fix).to.equal(`use one of ${allowed}`);
    expect(problems({ "obskit:logRetentionDays": "seven" })).to.deep.equal([
      'obskit:logRetentionDays must be a number (got "seven")',
    ]);
  });

  it("rejects a malformed e-mail address, naming its position (the AlertingPath's rule)", async () => {
    const p = await planned("alertEmails", {
      ...VALID,
      "obskit:alertEmails": '["oncall@example.com","oncall.example.com"]',
    });
    expect(p.component).to.equal("AlertingPath");
    expectProblems(p.problems, [{ propertyPath: "emails[1]", value: "oncall.example.com" }]);
    expect(p.problems[0].reason).to.equal("must be an e-mail address");
    expect(p.problems[0].fix).to.contain("like ops@example.com");
  });

  it("rejects an empty e-mail list: alarms would notify nobody", () => {
    expect(problems({ "obskit:alertEmails": "[]" })[0]).to.match(
      /^obskit:alertEmails must list at least one e-mail address/,
    );
  });

  it("rejects negative and non-numeric thresholds", () => {
    expect(problems({ "obskit:alarms": '{"paymentFailures":{"threshold":-1}}' })).to.deep.equal([
      "obskit:alarms.paymentFailures.threshold must be a number ≥ 0 (got -1)",
    ]);
    expect(problems({ "obskit:alarms": '{"paymentFailures":{"threshold":"five"}}' })).to.deep.equal([
      'obskit:alarms.paymentFailures.threshold must be a number ≥ 0 (got "five")',
    ]);
  });

  it("rejects datapointsToAlarm above evaluationPeriods (the AlertingPath's rule)", async () => {
    const p = await planned("alarms", {
      ...VALID,
      "obskit:alarms": '{"paymentFailures":{"threshold":5,"evaluationPeriods":1,"datapointsToAlarm":3}}',
    });
    expect(p.component).to.equal("AlertingPath");
    expectProblems(p.problems, [{ propertyPath: "spec.datapointsToAlarm", value: 3 }]);
    expect(p.problems[0].reason, "the rule, naming the alarm").to.equal(
      'must be a whole number from 1 to evaluationPeriods (1) in alarm "PaymentFailures"',
    );
    expect(p.problems[0].fix).to.contain("raise evaluationPeriods");
  });

  it("rejects an unknown environment", () => {
    expect(problems({ "obskit:environment": "qa" })).to.deep.equal([
      'obskit:environment must be one of dev, staging, prod (got "qa")',
    ]);
  });

  it("names a missing required key and how to set it", () => {
    expect(problems({ "obskit:environment": undefined })).to.deep.equal([
      "obskit:environment is required: add `obskit:environment: dev` under `config:` in Pulumi.<stack>.yaml (or run `pulumi config set obskit:environment <dev|staging|prod>`)",
    ]);
    expect(problems({ "aws:region": undefined })[0]).to.equal(
      "aws:region is required: add `aws:region: eu-west-1` under `config:` in Pulumi.<stack>.yaml (or run `pulumi config set aws:region eu-west-1`)",
    );
  });

  it("rejects a non-boolean protect flag", () => {
    expect(problems({ "obskit:protect": "yes" })).to.deep.equal([
      'obskit:protect must be true or false (got "yes")',
    ]);
  });

  it("catches a misspelt key instead of silently ignoring it", () => {
    expect(problems({ "obskit:logRetentionDay": "7" })).to.deep.equal([
      "obskit:logRetentionDay is not a known setting (got 7); did you mean obskit:logRetentionDays?",
    ]);
    expect(problems({ "obskit:alarms": '{"paymentFailures":{"threshold":5,"treshold":4}}' })).to.deep.equal([
      "obskit:alarms.paymentFailures.treshold is not a known setting (got 4); did you mean obskit:alarms.paymentFailures.threshold?",
    ]);
    expect(problems({ "obskit:realtime": '{"colour":"red"}' })[0]).to.match(
      /^obskit:realtime\.colour is not a known setting \(got "red"\); known: enabled, sourceLogGroup, /,
    );
  });

  it("reports every problem at once, one message each", () => {
    const p = problems({
      "obskit:logRetentionDays": "seven",
      "obskit:environment": "qa",
      "obskit:alertEmails": "[5]",
      "aws:region": "mars-1",
    });
    expect(p).to.have.length(4);
    expect(p.map((m) => m.split(" ")[0]).sort()).to.deep.equal([
      "aws:region",
      "obskit:alertEmails[0]",
      "obskit:environment",
      "obskit:logRetentionDays",
    ]);
  });

  it("ignores other providers' namespaces (aws:profile, pulumi:tags)", () => {
    expect(() => parseSettings({ ...VALID, "aws:profile": "sandbox", "pulumi:tags": "{}" })).not.to.throw();
  });

  it("flags a misspelt namespace instead of ignoring the key, naming the key meant", () => {
    expect(problems({ "obskt:logClass": "INFREQUENT_ACCESS" })).to.deep.equal([
      'obskt:logClass is in an unknown namespace "obskt" (got "INFREQUENT_ACCESS"); known namespaces: obskit, aws, awsx, docker-build, pulumi; did you mean obskit:logClass?',
    ]);
    expect(problems({ "asw:profile": "sandbox" })[0]).to.match(/did you mean aws:profile\?$/);
    expect(problems({ "Obskit:protect": "true" })[0]).to.match(/did you mean obskit:protect\?$/);
    expect(problems({ "grafana:url": "x" })[0]).to.match(
      /unknown namespace "grafana".*known namespaces: obskit, aws/,
    );
  });

  it("rejects an address listed twice, case aside, naming both positions: SNS would subscribe it twice", () => {
    expect(
      problems({ "obskit:alertEmails": '["ops@example.com","dev@example.com","Ops@Example.COM"]' }),
    ).to.deep.equal([
      'obskit:alertEmails[2] must not repeat obskit:alertEmails[0] ("ops@example.com"): addresses are compared case-insensitively and each gets one subscription; list it once (got "Ops@Example.COM")',
    ]);
  });

  it("names the tag and its value instead of zod's raw text", () => {
    expect(problems({ "obskit:tags": '{"team":"platform","cost-center":42}' })).to.deep.equal([
      "obskit:tags.cost-center must be text (tag values are strings: quote numbers and booleans in YAML) (got 42)",
    ]);
    expect(problems({ "obskit:tags": '["team"]' })).to.deep.equal([
      'obskit:tags must be a map of tag names to text values (got ["team"])',
    ]);
  });

  it("shows YAML's .nan and .inf as typed, not as null", () => {
    expect(problems({ "obskit:realtime": '{"timeoutSeconds":".nan"}' })).to.deep.equal([
      "obskit:realtime.timeoutSeconds must be a number (got .nan)",
    ]);
    expect(problems({ "obskit:logRetentionDays": "-.inf" })[0]).to.match(/\(got -\.inf\)$/);
  });

  describe("every setting, given a bad value, names the key, the value and what is allowed", () => {
    /**
     * `key` and `got`: the key the message names and the value it shows, where not `path` and
     * `value`. A rule a component enforces names the `component`, reported when the stack is
     * planned (settings check only the shape of such a value): its problem is at the component's
     * argument `at`, has the value the component `received` (`value` unless given), and its reason
     * contains `allowed` (what the argument takes) and its fix `fix`, when given.
     */
    type Case = {
      value: unknown;
      allowed: string;
      key?: string;
      got?: string;
      component?: string;
      at?: string;
      fix?: string;
      received?: unknown;
    };
    const threshold = (at: string): Record<string, Case[]> => ({
      [`${at}.threshold`]: [
        { value: -1, allowed: "must be a number ≥ 0" },
        { value: "five", allowed: "must be a number ≥ 0" },
        { value: ".inf", allowed: "must be a number ≥ 0" },
      ],
      [`${at}.periodSeconds`]: [
        {
          value: 45,
          component: "AlertingPath",
          at: "spec.metric.periodSeconds",
          allowed: "must be 10, 30 or a multiple of 60",
          fix: "use 10, 30, 60 or another multiple of 60 seconds",
        },
        { value: "often", allowed: "must be a number" },
      ],
      [`${at}.evaluationPeriods`]: [
        {
          value: 0,
          component: "AlertingPath",
          at: "spec.evaluationPeriods",
          allowed: "must be a whole number ≥ 1",
        },
        {
          value: 1.5,
          component: "AlertingPath",
          at: "spec.evaluationPeriods",
          allowed: "must be a whole number ≥ 1",
        },
      ],
      [`${at}.datapointsToAlarm`]: [
        {
          value: 0,
          component: "AlertingPath",
          at: "spec.datapointsToAlarm",
          allowed: "must be a whole number from 1 to evaluationPeriods (1)",
          fix: "raise evaluationPeriods",
        },
        {
          value: 2,
          component: "AlertingPath",
          at: "spec.datapointsToAlarm",
          allowed: "must be a whole number from 1 to evaluationPeriods (1)",
          fix: "raise evaluationPeriods",
        },
      ],
    });
    const boolean: Case[] = [{ value: "yes", allowed: "must be true or false" }];
    const CASES: Record<string, Case[]> = {
      "aws:region": [
        { value: "mars-1", allowed: "must be an AWS region such as eu-west-1" },
        { value: "eu-wset-1", allowed: "must be a region of the aws, aws-cn, aws-us-gov partitions" },
      ],
      allowUnknownRegion: boolean,
      environment: [{ value: "qa", allowed: "must be one of dev, staging, prod" }],
      logRetentionDays: [
        {
          value: "8",
          component: "LogPipeline",
          at: "retentionInDays",
          received: 8,
          allowed:
            "must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
          fix: "use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        },
        { value: ".nan", allowed: "must be a number" },
      ],
      logClass: [
        {
          value: "COLD",
          component: "LogPipeline",
          at: "logClass",
          allowed: "must be one of STANDARD, INFREQUENT_ACCESS",
        },
      ],
      protect: boolean,
      anomalyDetection: [{ value: "1", allowed: "must be true or false" }],
      alertEmails: [
        { value: "ops@example.com", allowed: "must be a list of e-mail addresses" },
        { value: [], allowed: "must list at least one e-mail address" },
        {
          value: ["ops.example.com"],
          component: "AlertingPath",
          at: "emails[0]",
          allowed: "must be an e-mail address",
          fix: "like ops@example.com",
          received: "ops.example.com",
        },
        {
          value: [5],
          key: "alertEmails[0]",
          got: "5",
          allowed: "must be an e-mail address like ops@example.com",
        },
        {
          value: ["a@example.com", "A@example.com"],
          key: "alertEmails[1]",
          got: '"A@example.com"',

          allowed: "must not repeat obskit:alertEmails[0]",
        },
      ],
      ...threshold("alarms.paymentFailures"),
      ...threshold("alarms.delayedOrders"),
      ...threshold("alarms.duplicateOrders"),
      tags: [
        { value: "team=platform", allowed: "must be a map of tag names to text values" },
        { value: { team: true }, key: "tags.team", got: "true", allowed: "must be text" },
        {
          value: { "aws:team": "x" },
          key: "tags.aws:team",
          got: '"x"',

          allowed: "must have a tag name of 1 to 128 characters",
        },
        {
          value: { team: "plat\u200dform" },
          key: "tags.team",
          got: '"plat\\u200Dform"',
          allowed:
            "must not contain control or invisible characters (U+200D, a zero-width character, at position 4)",
        },
        {
          value: { team: "x".repeat(257) },
          key: "tags.team",
          got: `"${"x".repeat(257)}"`,
          allowed: "must be text of at most 256 characters",
        },
      ],
      "orderWorker.enabled": boolean,
      "orderWorker.desiredCount": [
        {
          value: -1,
          component: "OrderWorkerService",
          at: "desiredCount",
          allowed: "must be a whole number ≥ 0",
        },
        {
          value: 1.5,
          component: "OrderWorkerService",
          at: "desiredCount",
          allowed: "must be a whole number ≥ 0",
        },
      ],
      "orderWorker.cpu": [
        {
          value: 300,
          component: "OrderWorkerService",
          at: "cpu",
          allowed: "must be one of 256, 512, 1024, 2048, 4096",
        },
      ],
      "orderWorker.memory": [
        {
          value: 0,
          component: "OrderWorkerService",
          at: "memory",
          allowed: "must be one of 512, 1024, 2048 MiB with cpu 256",
          fix: "another cpu",
        },
      ],
      "orderWorker.ratePerSecond": [
        { value: 0, component: "OrderWorkerService", at: "ratePerSecond", allowed: "must be > 0" },
        { value: ".nan", allowed: "must be a number" },
      ],
      "realtime.enabled": boolean,
      "realtime.sourceLogGroup": [
        {
          value: "no spaces",
          component: "LogPipeline",
          at: "logGroupName",
          allowed: "must be 1-512 characters",
        },
        { value: 5, allowed: "must be text" },
      ],
      ...threshold("realtime.errorAlarm"),
      "realtime.testEmitter": boolean,
      "realtime.memoryMb": [
        {
          value: 100,
          component: "ProcessingPath",
          at: "memoryMb",
          allowed: "must be a whole number from 128 to 10240",
        },
      ],
      "realtime.timeoutSeconds": [
        {
          value: 1000,
          component: "ProcessingPath",
          at: "timeoutSeconds",
          allowed: "must be a whole number from 1 to 900",
        },
        {
          value: "0",
          component: "ProcessingPath",
          at: "timeoutSeconds",
          received: 0,
          allowed: "must be a whole number from 1 to 900",
        },
      ],
      "realtime.reservedConcurrency": [
        {
          value: -1,
          component: "ProcessingPath",
          at: "reservedConcurrency",
          allowed: "must be a whole number from 0 to 1000",
        },
      ],
      "realtime.incidentTtlDays": [
        {
          value: 4000,
          component: "ProcessingPath",
          at: "incidentTtlDays",
          allowed: "must be a whole number from 0 to 3650",
        },
      ],
      "realtime.notifyMinSeverity": [
        {
          value: "SEVERE",
          component: "ProcessingPath",
          at: "notifyMinSeverity",
          allowed: "must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL",
          fix: "use one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL",
        },
      ],
      "analyzer.enabled": boolean,
      "analyzer.prefix": [
        { value: 5, allowed: "must be an S3 key prefix" },
        {
          value: "logs/\u200b2024/",
          allowed:
            "must not contain control or invisible characters (U+200B, a zero-width character, at position 5)",
          got: '"logs/\\u200B2024/"',
        },
      ],
      "analyzer.errorThreshold": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "analyzer.schedule": [
        {
          value: "every 5 minutes",
          component: "LogAnalyzerService",
          at: "schedule",
          allowed: "must be rate(<value> <unit>) or cron(<six fields>)",
        },
        {
          value: "rate(5 minute)",
          component: "LogAnalyzerService",
          at: "schedule",
          allowed: "must use the plural unit for 5: rate(5 minutes)",
        },
        { value: 5, allowed: "must be text" },
      ],
      "analyzer.http5xxThreshold": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "analyzer.cloudFront": [
        { value: true, allowed: "must not be set: it was replaced by obskit:analyzer.exposure" },
      ],
      "analyzer.exposure": [
        {
          value: "public",
          component: "LogAnalyzerService",
          at: "exposure",
          allowed: 'must be one of "cloudfront", "public-alb"',
          fix: 'use one of "cloudfront", "public-alb"',
        },
      ],
      "analyzer.certificateArn": [{ value: "my-cert", allowed: "must be an ACM certificate ARN" }],
      "analyzer.originDomainName": [
        {
          value: "Not A Name",
          component: "LogAnalyzerService",
          at: "originDomainName",
          allowed: 'is used only with exposure "cloudfront" and a certificateArn',
        },
      ],
      "analyzer.desiredCount": [
        {
          value: -1,
          component: "LogAnalyzerService",
          at: "desiredCount",
          allowed: "must be a whole number ≥ 0",
        },
      ],
      "analyzer.cpu": [
        {
          value: 100,
          component: "LogAnalyzerService",
          at: "cpu",
          allowed: "must be one of 256, 512, 1024, 2048, 4096",
        },
      ],
      "analyzer.memory": [
        {
          value: 0,
          component: "LogAnalyzerService",
          at: "memory",
          allowed: "must be one of 512, 1024, 2048 MiB with cpu 256",
          fix: "another cpu",
        },
      ],
      "audit.enabled": boolean,
      "audit.trailName": [
        { value: "a", component: "AuditTrail", at: "trailName", allowed: "must be 3-128 letters" },
      ],
      "audit.s3DataEvents": [
        {
          value: "some",
          component: "AuditTrail",
          at: "s3DataEvents",
          allowed: 'must be one of "all", "none"',
        },
        {
          value: ["data-lake"],
          component: "AuditTrail",
          at: "s3DataEventArns[0]",
          allowed: "must be an ARN",
          fix: "like arn:aws:s3:::my-bucket",
          received: "data-lake",
        },
        { value: 5, allowed: 'must be "all", "none" or a list of ARNs' },
      ],
      "audit.lambdaDataEvents": [
        {
          value: [],
          component: "AuditTrail",
          at: "lambdaDataEventArns",
          allowed: "must be a non-empty list of ARNs",
        },
      ],
      "audit.transitionAfterDays": [
        {
          value: -1,
          component: "AuditTrail",
          at: "bucket.transitionAfterDays",
          allowed: "must be a whole number of days ≥ 0",
        },
      ],
      "audit.expireAfterDays": [
        {
          value: 1.5,
          component: "AuditTrail",
          at: "bucket.expireAfterDays",
          allowed: "must be a whole number of days ≥ 0",
        },
      ],
      "audit.objectLockMode": [
        {
          value: "STRICT",
          component: "AuditTrail",
          at: "bucket.objectLock.mode",
          allowed: "must be one of GOVERNANCE, COMPLIANCE",
          fix: "use one of GOVERNANCE, COMPLIANCE",
        },
        { value: 0, allowed: "must be text", key: "audit.objectLockMode" },
      ],
      "audit.objectLockDays": [
        {
          value: 0,
          component: "AuditTrail",
          at: "bucket.objectLock.days",
          allowed: "must be a whole number of days from 1 to 36500",
        },
      ],
      "audit.existingBucketName": [
        {
          value: "My_Bucket",
          component: "AuditTrail",
          at: "bucket.existingBucketName",
          allowed: "must be an S3 bucket name",
        },
      ],
      "audit.existingKeyArn": [
        {
          value: "alias/aws/s3",
          component: "AuditTrail",
          at: "key.existingKeyArn",
          allowed: "must be a KMS key ARN",
        },
      ],
      "audit.logGroupName": [
        {
          value: "no spaces",
          component: "AuditTrail",
          at: "logGroupName",
          allowed: "must be 1-512 characters of letters, digits and . - _ / #",
        },
      ],
      "audit.cis": [
        {
          value: { "root-usage": false },
          component: "AuditTrail",
          at: "cisControls.root-usage",
          allowed: "names an unknown control",
          fix: "use one of unauthorized-api-calls, console-signin-without-mfa, root-account-usage",
          received: "root-usage",
        },
        {
          value: { "vpc-changes": "off" },
          allowed: "must be true or false",
          key: "audit.cis.vpc-changes",
          got: '"off"',
        },
        { value: ["vpc-changes"], allowed: "must be a map of CIS control ids" },
      ],
      audit: [{ value: 3, allowed: "must be a map" }],
      "policy.enforcement": [
        {
          value: "advisory",
          allowed: "must be a map",
        },
        {
          value: { "s3-encrypted": "off" },
          key: "policy.enforcement.s3-encrypted",
          got: '"off"',
          allowed: "must be one of advisory, mandatory, disabled",
        },
      ],
      "platform.enabled": boolean,
      "platform.logRetentionDays": [
        {
          value: 8,
          component: "LogPipeline",
          at: "retentionInDays",
          allowed:
            "must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
          fix: "use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        },
      ],
      "platform.lambda.functions": [
        { value: "fn", allowed: "must be a list of Lambda function names" },
        {
          value: ["bad name"],
          key: "platform.lambda.functions[0]",
          got: '"bad name"',
          allowed: "must be a Lambda function name",
        },
      ],
      ...threshold("platform.lambda.errors"),
      "platform.apiGateway.apiName": [
        { value: "", allowed: "must be a REST API name" },
        {
          value: "api\u202e",
          allowed:
            "must not contain control or invisible characters (U+202E, a bidirectional control character, at position 3)",
          got: '"api\\u202E"',
        },
      ],
      "platform.apiGateway.stage": [{ value: "pr od", allowed: "must be a stage name" }],
      "platform.apiGateway.logGroup": [
        {
          value: "bad group!",
          component: "LogPipeline",
          at: "logGroupName",
          allowed: "must be 1-512 characters of letters, digits and . - _ / #",
        },
      ],
      ...threshold("platform.apiGateway.errors5xx"),
      "platform.batch.logGroup": [
        {
          value: "",
          component: "LogPipeline",
          at: "logGroupName",
          allowed: "must be 1-512 characters of letters, digits and . - _ / #",
        },
      ],
      "platform.batch.jobQueues": [
        { value: "queue", allowed: "must be a list of Batch job queue names or ARNs" },
        {
          value: ["arn:aws:sqs:eu-west-1:123456789012:q"],
          key: "platform.batch.jobQueues[0]",
          got: '"arn:aws:sqs:eu-west-1:123456789012:q"',
          allowed: "must be a Batch job queue name or ARN",
        },
      ],
      "platform.dms.replicationInstanceId": [
        { value: "1dms", allowed: "must be a DMS replication instance identifier" },
      ],
      "platform.dms.replicationTaskId": [
        { value: "-task", allowed: "must be a DMS replication task identifier" },
      ],
      ...threshold("platform.dms.cdcLatency"),
      "cafe.enabled": boolean,
      "cafe.instanceType": [
        {
          value: "huge",
          component: "CafeServer",
          at: "instanceType",
          allowed: "must be an EC2 instance type",
          fix: "such as t3.micro",
        },
      ],
      "cafe.rootVolumeGb": [
        {
          value: 1,
          component: "CafeServer",
          at: "rootVolumeGb",
          allowed: "must be a whole number of GiB from 2 to 16384",
        },
      ],
      "cafe.httpCidrs": [
        { value: "10.0.0.0/8", allowed: "must be a list of IPv4 CIDR blocks" },
        {
          value: ["10.0.0.0/33"],
          component: "CafeServer",
          at: "httpCidrs[0]",
          allowed: "must be an IPv4 CIDR block",
          fix: "such as 203.0.113.0/24",
          received: "10.0.0.0/33",
        },
        { value: [5], key: "cafe.httpCidrs[0]", got: "5", allowed: "must be an IPv4 CIDR block" },
      ],
      "cafe.httpSourceSecurityGroupId": [{ value: "my-lb", allowed: "must be a security group id" }],
      ...threshold("cafe.notFoundAlarm"),
      ...threshold("cafe.serverErrorAlarm"),
      "cafe.zeroOrdersAlarm.requestFloor": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "cafe.zeroOrdersAlarm.minutes": [{ value: 2000, allowed: "must be a whole number from 1 to 1440" }],
      "cafe.archive.enabled": boolean,
      "cafe.archive.transitionDays": [
        {
          value: -1,
          component: "LogPipeline",
          at: "archive.transitionDays",
          allowed: "must be a whole number of days from",
        },
      ],
      "cafe.archive.storageClass": [
        {
          value: "COLD",
          component: "LogPipeline",
          at: "archive.storageClass",
          allowed:
            "must be one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE",
          fix: "use one of STANDARD_IA, ONEZONE_IA",
        },
      ],
      "cafe.archive.expirationDays": [
        {
          value: 0,
          component: "LogPipeline",
          at: "archive.expirationDays",
          allowed: "must be a whole number of days greater than",
        },
      ],
      "cafe.analytics.enabled": boolean,
      // a whole map of the wrong shape
      platform: [{ value: "on", allowed: "must be a map" }],
      policy: [{ value: 3, allowed: "must be a map" }],
      alarms: [{ value: "five", allowed: "must be a map" }],
      orderWorker: [{ value: 2, allowed: "must be a map" }],
      realtime: [{ value: true, allowed: "must be a map" }],
      analyzer: [{ value: ["x"], allowed: "must be a map" }],
      cafe: [{ value: 3, allowed: "must be a map" }],
    };

    /** The value as the message must show it: numbers and YAML's .nan/.inf bare, the rest as JSON. */
    const shown = (v: unknown): string =>
      typeof v === "number" ||
      (typeof v === "string" && (/^-?\.(nan|inf)$/.test(v) || /^-?\d+(\.\d+)?$/.test(v)))
        ? String(v)
        : JSON.stringify(v);

    /** VALID with `value` at `path` (a top-level key as Pulumi hands it: text, maps and lists as JSON). */
    function withValue(path: string, value: unknown): Record<string, string> {
      const [top, ...rest] = path.includes(":") ? [path] : path.split(".");
      const full = top.includes(":") ? top : `obskit:${top}`;
      if (rest.length === 0)
        return {
          ...VALID,
          [full]:
            typeof value === "string" && !/^\[|^\{/.test(VALID[full] ?? "") ? value : JSON.stringify(value),
        };
      const base = JSON.parse(VALID[full] ?? "{}") as Record<string, unknown>;
      let at = base;
      // an alarm map needs its threshold to be valid
      for (const k of rest.slice(0, -1))
        at = (at[k] ??=
          (k.endsWith("Alarm") || k.endsWith("Orders")) && k !== "zeroOrdersAlarm"
            ? { threshold: 1 }
            : {}) as Record<string, unknown>;
      at[rest[rest.length - 1]] = value;
      return { ...VALID, [full]: JSON.stringify(base) };
    }

    it("covers every key of the schema", () => {
      expect(settingPaths().filter((p) => !(p in CASES))).to.deep.equal([]);
    });

    for (const [path, cases] of Object.entries(CASES))
      for (const c of cases.filter((x) => x.component !== undefined))
        it(`${path} = ${JSON.stringify(c.value).slice(0, 40)}: the ${c.component} reports it`, async () => {
          const p = await planned(path, withValue(path, c.value));
          expect(p.component).to.equal(c.component);
          const received = "received" in c ? c.received : c.value;
          const at = p.problems.filter((m) => m.propertyPath === c.at);
          expect(
            at.length,
            `problems at ${c.at} in\n${p.problems.map(formatProblem).join("\n")}`,
          ).to.be.greaterThan(0);
          expect(
            at.some(
              (m) =>
                isDeepStrictEqual(m.value, received) &&
                m.reason.includes(c.allowed) &&
                (c.fix === undefined || m.fix.includes(c.fix)),
            ),
            `value ${JSON.stringify(received)}, reason with "${c.allowed}"${c.fix === undefined ? "" : `, fix with "${c.fix}"`} in\n${at.map((m) => JSON.stringify(m)).join("\n")}`,
          ).to.equal(true);
        });

    for (const [path, cases] of Object.entries(CASES))
      for (const c of cases.filter((x) => x.component === undefined))
        it(`${path} = ${JSON.stringify(c.value).slice(0, 40)}`, () => {
          const key = c.key ?? path;
          const name = key === "aws:region" ? key : `obskit:${key}`;
          const err = thrown(() => parseSettings(withValue(path, c.value)));
          expect(err.name).to.equal("ConfigError");
          const messages = (err as Error & { problems: string[] }).problems;
          expect(messages, messages.join("\n")).to.have.length(1);
          const [m] = messages;
          expect(m.startsWith(`${name} must `), m).to.equal(true);
          expect(m, "what is allowed").to.contain(c.allowed);
          expect(m, "the value").to.contain(`(got ${c.got ?? shown(c.value)})`);
          expect(m).not.to.match(/Invalid input|expected \w+, received|null\)/);
        });
  });
});

describe("stack settings: obskit:analyzer exposure", () => {
  const analyzer = (a: Record<string, unknown>) => ({ "obskit:analyzer": JSON.stringify(a) });
  const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";

  it("defaults to the private ALB behind CloudFront; the public ALB must be asked for", async () => {
    expect(parseSettings(VALID).analyzer.exposure).to.equal(undefined);
    expect(LOG_ANALYZER_DEFAULTS.exposure).to.equal("cloudfront");
    expect(parseSettings({ ...VALID, ...analyzer({ exposure: "public-alb" }) }).analyzer.exposure).to.equal(
      "public-alb",
    );
    // the service's own rule, reported when the stack is planned
    const p = await planned("analyzer", { ...VALID, ...analyzer({ exposure: "public" }) });
    expect(p.component).to.equal("LogAnalyzerService");
    expectProblems(p.problems, [{ propertyPath: "exposure", value: "public" }]);
    expect(p.problems[0].reason).to.equal('must be one of "cloudfront", "public-alb"');
    expect(p.problems[0].fix).to.equal('use one of "cloudfront", "public-alb"');
  });

  it("says what replaced the old cloudFront flag instead of calling it unknown", () => {
    expect(problems(analyzer({ cloudFront: true }))).to.deep.equal([
      "obskit:analyzer.cloudFront must not be set: it was replaced by obskit:analyzer.exposure (got true): use exposure: cloudfront (a private ALB behind CloudFront) or exposure: public-alb (an internet-facing ALB)",
    ]);
  });

  it("takes a certificate for HTTPS to the origin, with the name it covers", async () => {
    const s = parseSettings({
      ...VALID,
      ...analyzer({ certificateArn: CERT, originDomainName: "analyzer-origin.example.com" }),
    });
    expect(s.analyzer).to.deep.include({
      certificateArn: CERT,
      originDomainName: "analyzer-origin.example.com",
    });
    // the pairing is the service's rule, reported when the stack is planned
    const missing = await planned("analyzer", { ...VALID, ...analyzer({ certificateArn: CERT }) });
    expect(missing.component).to.equal("LogAnalyzerService");
    expectProblems(missing.problems, [{ propertyPath: "originDomainName", value: undefined }]);
    expect(missing.problems[0].reason).to.contain(
      'is required with exposure "cloudfront" and a certificateArn',
    );
    expect(missing.problems[0].fix).to.contain(
      "the DNS name the certificate covers, e.g. analyzer-origin.example.com",
    );
    const unused = await planned("analyzer", {
      ...VALID,
      ...analyzer({ exposure: "public-alb", originDomainName: "a.example.com" }),
    });
    expect(unused.component).to.equal("LogAnalyzerService");
    expectProblems(unused.problems, [{ propertyPath: "originDomainName", value: "a.example.com" }]);
    expect(unused.problems[0].reason).to.contain(
      'is used only with exposure "cloudfront" and a certificateArn',
    );
    expect(unused.problems[0].reason, "what the stack has instead").to.contain(
      'exposure is "public-alb" and there is no certificateArn',
    );
    expect(unused.problems[0].fix).to.contain("remove it, or set both");
    expect(
      problems(analyzer({ certificateArn: "my-cert", originDomainName: "a.example.com" })),
    ).to.deep.equal([
      `obskit:analyzer.certificateArn must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/<id>, issued in the stack's region (got "my-cert")`,
    ]);
  });
});

describe("stack settings: aws:region", () => {
  it("accepts the regions of the aws, aws-cn and aws-us-gov partitions", () => {
    for (const region of [
      "eu-west-1",
      "us-east-1",
      "ap-southeast-7",
      "mx-central-1",
      "cn-north-1",
      "us-gov-west-1",
    ])
      expect(parseSettings({ ...VALID, "aws:region": region })["aws:region"], region).to.equal(region);
  });

  it("rejects a well-formed region no partition has, naming the key, the value, the likeliest region and both fixes", () => {
    expect(problems({ "aws:region": "eu-wset-1" })).to.deep.equal([
      'aws:region must be a region of the aws, aws-cn, aws-us-gov partitions (got "eu-wset-1"); did you mean eu-west-1?: set `aws:region: eu-west-1` under `config:` in Pulumi.<stack>.yaml, or, for a region newer than obskit\'s list, keep it and add `obskit:allowUnknownRegion: true` there',
    ]);
    expect(problems({ "aws:region": "us-north-9" })[0]).to.match(
      /\(got "us-north-9"\): set `aws:region: eu-west-1`/,
    );
  });

  it("takes a region newer than its list with obskit:allowUnknownRegion: true, but still checks its form", () => {
    const s = parseSettings({ ...VALID, "aws:region": "eu-north-2", "obskit:allowUnknownRegion": "true" });
    expect(s["aws:region"]).to.equal("eu-north-2");
    expect(s.allowUnknownRegion).to.equal(true);
    expect(problems({ "aws:region": "eu-north-2", "obskit:allowUnknownRegion": "false" })[0]).to.match(
      /^aws:region must be a region of the aws, aws-cn, aws-us-gov partitions \(got "eu-north-2"\)/,
    );
    expect(problems({ "aws:region": "Mars", "obskit:allowUnknownRegion": "true" })).to.deep.equal([
      'aws:region must be an AWS region such as eu-west-1 (got "Mars")',
    ]);
  });
});
