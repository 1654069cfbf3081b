import { LOG_ANALYZER_DEFAULTS } from "../../apps/log-analyzer/deploy";
import { expect } from "chai";
import { parseSettings, settingPaths, type Settings } from "../../stack/settings";
import { thrown } from "../support/errors";

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

function problems(overrides: Record<string, string | undefined>): string[] {
  const err = thrown(() => parseSettings({ ...VALID, ...overrides }));
  expect(err.name).to.equal("ConfigError");
  return (err as Error & { problems: string[] }).problems;
}

describe("stack settings (Pulumi.<stack>.yaml)", () => {
  it("parses a minimal valid config, leaving what a component defaults unset", () => {
    const s: Settings = parseSettings(VALID);
    expect(s).to.deep.include({
      environment: "dev",
      logRetentionDays: 7,
      protect: false,
      logClass: "STANDARD",
      anomalyDetection: false,
    });
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

  it("rejects a retention AWS does not offer, listing the allowed values", () => {
    expect(problems({ "obskit:logRetentionDays": "8" })).to.deep.equal([
      "obskit:logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 8)",
    ]);
  });

  it("rejects a malformed e-mail address, naming its position", () => {
    expect(problems({ "obskit:alertEmails": '["oncall@example.com","oncall.example.com"]' })).to.deep.equal([
      'obskit:alertEmails[1] must be an e-mail address like ops@example.com (got "oncall.example.com")',
    ]);
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

  it("rejects datapointsToAlarm above evaluationPeriods", () => {
    const p = problems({
      "obskit:alarms": '{"paymentFailures":{"threshold":5,"evaluationPeriods":1,"datapointsToAlarm":3}}',
    });
    expect(p).to.deep.equal([
      "obskit:alarms.paymentFailures.datapointsToAlarm must not exceed evaluationPeriods (1) (got 3)",
    ]);
  });

  it("rejects an unknown environment", () => {
    expect(problems({ "obskit:environment": "qa" })).to.deep.equal([
      'obskit:environment must be one of dev, staging, prod (got "qa")',
    ]);
  });

  it("names a missing required key and how to set it", () => {
    expect(problems({ "obskit:environment": undefined })).to.deep.equal([
      "obskit:environment is required: set it with `pulumi config set obskit:environment <dev|staging|prod>`",
    ]);
    expect(problems({ "aws:region": undefined })[0]).to.equal(
      "aws:region is required: set it with `pulumi config set aws:region eu-west-1`",
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
      "obskit:logRetentionDays": "8",
      "obskit:environment": "qa",
      "obskit:alertEmails": '["x"]',
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
      "obskit:realtime.timeoutSeconds must be a whole number from 1 to 900 (got .nan)",
    ]);
    expect(problems({ "obskit:logRetentionDays": "-.inf" })[0]).to.match(/\(got -\.inf\)$/);
  });

  describe("every setting, given a bad value, names the key, the value and what is allowed", () => {
    /** `key` and `got`: the key the message names and the value it shows, where not `path` and `value`. */
    type Case = { value: unknown; allowed: string; key?: string; got?: string };
    const threshold = (at: string): Record<string, Case[]> => ({
      [`${at}.threshold`]: [
        { value: -1, allowed: "must be a number ≥ 0" },
        { value: "five", allowed: "must be a number ≥ 0" },
        { value: ".inf", allowed: "must be a number ≥ 0" },
      ],
      [`${at}.periodSeconds`]: [
        { value: 45, allowed: "must be one of 10, 30, 60, 120, 300, 600, 900, 3600" },
      ],
      [`${at}.evaluationPeriods`]: [
        { value: 0, allowed: "must be a whole number ≥ 1" },
        { value: 1.5, allowed: "must be a whole number ≥ 1" },
      ],
      [`${at}.datapointsToAlarm`]: [
        { value: 0, allowed: "must be a whole number ≥ 1" },
        { value: 2, allowed: "must not exceed evaluationPeriods (1, its default)" },
      ],
    });
    const boolean: Case[] = [{ value: "yes", allowed: "must be true or false" }];
    const CASES: Record<string, Case[]> = {
      "aws:region": [{ value: "mars-1", allowed: "must be an AWS region such as eu-west-1" }],
      environment: [{ value: "qa", allowed: "must be one of dev, staging, prod" }],
      logRetentionDays: [
        { value: "8", allowed: "must be one of 1, 3, 5, 7, 14, 30" },
        { value: ".nan", allowed: "must be one of 1, 3, 5, 7, 14, 30" },
      ],
      logClass: [{ value: "COLD", allowed: "must be one of STANDARD, INFREQUENT_ACCESS" }],
      protect: boolean,
      anomalyDetection: [{ value: "1", allowed: "must be true or false" }],
      alertEmails: [
        { value: "ops@example.com", allowed: "must be a list of e-mail addresses" },
        { value: [], allowed: "must list at least one e-mail address" },
        {
          value: ["ops.example.com"],
          key: "alertEmails[0]",
          got: '"ops.example.com"',

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
          value: { team: "x".repeat(257) },
          key: "tags.team",
          got: `"${"x".repeat(257)}"`,
          allowed: "must be text of at most 256 characters",
        },
      ],
      "orderWorker.enabled": boolean,
      "orderWorker.desiredCount": [
        { value: -1, allowed: "must be a whole number ≥ 0" },
        { value: 1.5, allowed: "must be a whole number ≥ 0" },
      ],
      "orderWorker.cpu": [{ value: 300, allowed: "must be one of 256, 512, 1024, 2048, 4096" }],
      "orderWorker.memory": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "orderWorker.ratePerSecond": [
        { value: 0, allowed: "must be a number > 0" },
        { value: ".nan", allowed: "must be a number > 0" },
      ],
      "realtime.enabled": boolean,
      "realtime.sourceLogGroup": [{ value: "no spaces", allowed: "must be a log group name" }],
      ...threshold("realtime.errorAlarm"),
      "realtime.testEmitter": boolean,
      "realtime.memoryMb": [{ value: 100, allowed: "must be one of 128, 256, 512, 1024, 2048" }],
      "realtime.timeoutSeconds": [
        { value: 1000, allowed: "must be a whole number from 1 to 900" },
        { value: "0", allowed: "must be a whole number from 1 to 900" },
      ],
      "realtime.reservedConcurrency": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "realtime.incidentTtlDays": [{ value: 4000, allowed: "must be a whole number from 0 to 3650" }],
      "realtime.notifyMinSeverity": [{ value: "INFO", allowed: "must be one of WARN, ERROR, CRITICAL" }],
      "analyzer.enabled": boolean,
      "analyzer.prefix": [{ value: 5, allowed: "must be an S3 key prefix" }],
      "analyzer.errorThreshold": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "analyzer.schedule": [{ value: "every 5 minutes", allowed: "must be an EventBridge schedule" }],
      "analyzer.http5xxThreshold": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "analyzer.cloudFront": [
        { value: true, allowed: "must not be set: it was replaced by obskit:analyzer.exposure" },
      ],
      "analyzer.exposure": [{ value: "public", allowed: "must be one of cloudfront, public-alb" }],
      "analyzer.certificateArn": [{ value: "my-cert", allowed: "must be an ACM certificate ARN" }],
      "analyzer.originDomainName": [{ value: "Not A Name", allowed: "must be a lower-case DNS name" }],
      "analyzer.desiredCount": [{ value: -1, allowed: "must be a whole number ≥ 0" }],
      "analyzer.cpu": [{ value: 100, allowed: "must be one of 256, 512, 1024, 2048, 4096" }],
      "analyzer.memory": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "audit.enabled": boolean,
      "audit.trailName": [{ value: "a", allowed: "must be a trail name" }],
      "audit.s3DataEvents": [
        { value: "some", allowed: 'must be "all", "none" or a non-empty list of S3 bucket ARNs' },
        { value: ["data-lake"], allowed: "list of S3 bucket ARNs" },
      ],
      "audit.lambdaDataEvents": [{ value: [], allowed: "non-empty list of Lambda function ARNs" }],
      "audit.transitionAfterDays": [{ value: -1, allowed: "must be a whole number ≥ 0" }],
      "audit.expireAfterDays": [{ value: 1.5, allowed: "must be a whole number ≥ 0" }],
      "audit.objectLockMode": [
        { value: "STRICT", allowed: "must be one of GOVERNANCE, COMPLIANCE" },
        { value: 0, allowed: "must be one of", key: "audit.objectLockMode" },
      ],
      "audit.objectLockDays": [{ value: 0, allowed: "must be a whole number from 1 to 36500" }],
      "audit.existingBucketName": [{ value: "My_Bucket", allowed: "must be an S3 bucket name" }],
      "audit.existingKeyArn": [{ value: "alias/aws/s3", allowed: "must be a KMS key ARN" }],
      "audit.logGroupName": [{ value: "no spaces", allowed: "must be a log group name" }],
      "audit.cis": [
        {
          value: { "root-usage": false },
          allowed: "must be one of the CIS control ids",
          got: "false",
          key: "audit.cis.root-usage",
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
      "platform.logRetentionDays": [{ value: 8, allowed: "must be one of 1, 3, 5, 7, 14, 30" }],
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
      "platform.apiGateway.apiName": [{ value: "", allowed: "must be a REST API name" }],
      "platform.apiGateway.stage": [{ value: "pr od", allowed: "must be a stage name" }],
      "platform.apiGateway.logGroup": [{ value: "bad group!", allowed: "must be a log group name" }],
      ...threshold("platform.apiGateway.errors5xx"),
      "platform.batch.logGroup": [{ value: "", allowed: "must be a log group name" }],
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
      "cafe.instanceType": [{ value: "huge", allowed: "must be an EC2 instance type" }],
      "cafe.rootVolumeGb": [{ value: 1, allowed: "must be a whole number from 2 to 16384" }],
      "cafe.httpCidrs": [
        { value: "10.0.0.0/8", allowed: "must be a list of IPv4 CIDR blocks" },
        {
          value: ["10.0.0.0/33"],
          key: "cafe.httpCidrs[0]",
          got: '"10.0.0.0/33"',
          allowed: "must be an IPv4 CIDR block",
        },
      ],
      "cafe.httpSourceSecurityGroupId": [{ value: "my-lb", allowed: "must be a security group id" }],
      ...threshold("cafe.notFoundAlarm"),
      ...threshold("cafe.serverErrorAlarm"),
      "cafe.zeroOrdersAlarm.requestFloor": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
      "cafe.zeroOrdersAlarm.minutes": [{ value: 2000, allowed: "must be a whole number from 1 to 1440" }],
      "cafe.archive.enabled": boolean,
      "cafe.archive.transitionDays": [{ value: -1, allowed: "must be a whole number ≥ 0" }],
      "cafe.archive.storageClass": [{ value: "COLD", allowed: "must be one of STANDARD_IA" }],
      "cafe.archive.expirationDays": [{ value: 0, allowed: "must be a whole number ≥ 1" }],
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
      for (const c of cases)
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

  it("defaults to the private ALB behind CloudFront; the public ALB must be asked for", () => {
    expect(parseSettings(VALID).analyzer.exposure).to.equal(undefined);
    expect(LOG_ANALYZER_DEFAULTS.exposure).to.equal("cloudfront");
    expect(parseSettings({ ...VALID, ...analyzer({ exposure: "public-alb" }) }).analyzer.exposure).to.equal(
      "public-alb",
    );
    expect(problems(analyzer({ exposure: "public" }))).to.deep.equal([
      'obskit:analyzer.exposure must be one of cloudfront, public-alb (got "public")',
    ]);
  });

  it("says what replaced the old cloudFront flag instead of calling it unknown", () => {
    expect(problems(analyzer({ cloudFront: true }))).to.deep.equal([
      "obskit:analyzer.cloudFront must not be set: it was replaced by obskit:analyzer.exposure (got true): use exposure: cloudfront (a private ALB behind CloudFront) or exposure: public-alb (an internet-facing ALB)",
    ]);
  });

  it("takes a certificate for HTTPS to the origin, with the name it covers", () => {
    const s = parseSettings({
      ...VALID,
      ...analyzer({ certificateArn: CERT, originDomainName: "analyzer-origin.example.com" }),
    });
    expect(s.analyzer).to.deep.include({
      certificateArn: CERT,
      originDomainName: "analyzer-origin.example.com",
    });
    expect(problems(analyzer({ certificateArn: CERT }))).to.deep.equal([
      "obskit:analyzer.originDomainName is required with exposure cloudfront and a certificateArn (got nothing): set it to the DNS name the certificate covers",
    ]);
    expect(problems(analyzer({ exposure: "public-alb", originDomainName: "a.example.com" }))).to.deep.equal([
      'obskit:analyzer.originDomainName is used only with exposure cloudfront and a certificateArn (got "a.example.com"): remove it or set both',
    ]);
    expect(
      problems(analyzer({ certificateArn: "my-cert", originDomainName: "a.example.com" })),
    ).to.deep.equal([
      `obskit:analyzer.certificateArn must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/<id>, issued in the stack's region (got "my-cert")`,
    ]);
  });
});
