import { expect } from "chai";
import { parseSettings, type Settings } from "../../stack/settings";
import { thrown } from "../support/errors";

const VALID: Record<string, string> = {
  "aws:region": "eu-west-1",
  "obskit:environment": "dev",
  "obskit:logRetentionDays": "7",
  "obskit:protect": "false",
  "obskit:alertEmails": '["oncall@example.com"]',
  "obskit:alarms": '{"paymentFailures":{"threshold":5}}',
};

function problems(overrides: Record<string, string | undefined>): string[] {
  const err = thrown(() => parseSettings({ ...VALID, ...overrides }));
  expect(err.name).to.equal("ConfigError");
  return (err as Error & { problems: string[] }).problems;
}

describe("stack settings (Pulumi.<stack>.yaml)", () => {
  it("parses a minimal valid config and fills every default", () => {
    const s: Settings = parseSettings(VALID);
    expect(s).to.deep.include({
      environment: "dev",
      logRetentionDays: 7,
      protect: false,
      logClass: "STANDARD",
      anomalyDetection: false,
    });
    expect(s.alarms.paymentFailures).to.deep.equal({
      threshold: 5,
      periodSeconds: 60,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    });
    expect(s.orderWorker).to.deep.equal({
      enabled: true,
      desiredCount: 1,
      cpu: 256,
      memory: 512,
      ratePerSecond: 2,
    });
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
      "obskit:alarms.paymentFailures datapointsToAlarm must not exceed evaluationPeriods",
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
      "obskit:logRetentionDay is not a known setting; did you mean obskit:logRetentionDays?",
    ]);
    expect(problems({ "obskit:alarms": '{"paymentFailures":{"threshold":5,"treshold":4}}' })).to.deep.equal([
      "obskit:alarms.paymentFailures.treshold is not a known setting",
    ]);
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
});

describe("stack settings: obskit:analyzer exposure", () => {
  const analyzer = (a: Record<string, unknown>) => ({ "obskit:analyzer": JSON.stringify(a) });
  const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";

  it("defaults to the private ALB behind CloudFront; the public ALB must be asked for", () => {
    expect(parseSettings(VALID).analyzer.exposure).to.equal("cloudfront");
    expect(parseSettings({ ...VALID, ...analyzer({ exposure: "public-alb" }) }).analyzer.exposure).to.equal(
      "public-alb",
    );
    expect(problems(analyzer({ exposure: "public" }))).to.deep.equal([
      'obskit:analyzer.exposure must be one of cloudfront, public-alb (got "public")',
    ]);
  });

  it("says what replaced the old cloudFront flag instead of calling it unknown", () => {
    expect(problems(analyzer({ cloudFront: true }))).to.deep.equal([
      "obskit:analyzer.cloudFront was replaced by obskit:analyzer.exposure (got true): use exposure: cloudfront (a private ALB behind CloudFront) or exposure: public-alb (an internet-facing ALB)",
    ]);
  });

  it("takes a certificate for HTTPS to the origin, with the name it covers", () => {
    const s = parseSettings({
      ...VALID,
      ...analyzer({ certificateArn: CERT, originDomainName: "analyzer-origin.example.com" }),
    });
    expect(s.analyzer).to.deep.include({
      exposure: "cloudfront",
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
