import { expect } from "chai";
import type { MockRun, PlannedResource } from "../../cli/plan/mockRuntime";
import { parseSettings } from "../../stack/settings";
import { createShared } from "../../stack/shared";
import { composePlatform, PLATFORM_DEFAULTS } from "../../stack/platform";
import { ACCOUNT, ANONYMOUS, OTHER_ACCOUNT, expectAllowed, expectDenied } from "../support/iam";
import { ofType, one, planOf, runProgram } from "../support/mocks";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const GROUP = "aws:cloudwatch/logGroup:LogGroup";
const RULE = "aws:cloudwatch/eventRule:EventRule";

const alarm = (run: MockRun, name: string): PlannedResource => {
  const found = ofType(run, ALARM).filter((a) => a.inputs.name === name);
  expect(found, name).to.have.length(1);
  return found[0];
};

/** Only the platform system, composed from a stack config (much cheaper than a whole plan). */
function platformOnly(environment: string, platform: object): Promise<MockRun> {
  return runProgram(() => {
    const s = parseSettings({
      "aws:region": "eu-west-1",
      "obskit:environment": environment,
      "obskit:logRetentionDays": "30",
      "obskit:protect": "false",
      "obskit:alertEmails": '["ops@example.com"]',
      "obskit:alarms": '{"paymentFailures":{"threshold":5}}',
      "obskit:platform": JSON.stringify(platform),
    });
    composePlatform(s, createShared(s));
  });
}

describe("the platform monitoring module", () => {
  for (const stack of ["dev", "prod"] as const)
    describe(`the ${stack} stack`, () => {
      let run: MockRun;
      let outputs: Record<string, unknown>;
      before(async () => {
        ({ run } = await planOf(stack));
        outputs = run.outputs;
      });

      it("declares the design's centralized log groups, with the stage's retention, one shared CMK and the stack's tags", () => {
        const names = Object.values(outputs.platformLogGroupNames as Record<string, string>);
        expect(names).to.have.length(9);
        expect(names.filter((n) => n.startsWith("/aws/lambda/ecommerce-ai-platform-"))).to.have.length(7);
        expect(names).to.include.members(["/aws/batch/job", "/aws/apigateway/ecommerce-ai-platform"]);
        expect(
          names.some((n) => n.includes("cloudtrail")),
          "the trail's group is the audit system's",
        ).to.equal(false);
        const groups = ofType(run, GROUP).filter((g) => names.includes(String(g.inputs.name)));
        expect(groups).to.have.length(9);
        const key = one(run, "aws:kms/key:Key", "platform-logs-key-key");
        for (const g of groups) {
          expect(g.inputs.retentionInDays).to.equal(stack === "dev" ? 7 : 30);
          expect(g.inputs.kmsKeyId).to.equal(key.state.arn);
          expect(g.inputs.tags).to.deep.include({ environment: stack, "obskit:system": "platform" });
        }
        // each group is in the stack's logGroupNames too
        expect(outputs.logGroupNames).to.deep.include(outputs.platformLogGroupNames as object);
      });

      it("lets CloudWatch Logs use the platform key for exactly these groups", async () => {
        const key = one(run, "aws:kms/key:Key", "platform-logs-key-key");
        const logs = (group: string) => ({
          principal: "logs.eu-west-1.amazonaws.com",
          action: "kms:GenerateDataKey",
          resource: String(key.state.arn),
          context: {
            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${group}`,
          },
        });
        await expectAllowed(logs("/aws/batch/job"), { resource: key.inputs.policy });
        await expectDenied(logs("/aws/lambda/someone-else"), { resource: key.inputs.policy });
      });

      it("alarms on Lambda errors > 10 in 5 minutes per service, on native metrics, notifying the topic", () => {
        const topic = String(outputs.alertTopicArn);
        const fn = "ecommerce-ai-platform-retail-copilot";
        const a = alarm(run, `${stack}-platform-lambda-errors-${fn}`);
        expect(a.inputs).to.deep.include({
          namespace: "AWS/Lambda",
          metricName: "Errors",
          dimensions: { FunctionName: fn },
          statistic: "Sum",
          period: 300,
          threshold: 10,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
        });
        expect(a.inputs.alarmActions).to.deep.equal([topic]);
      });

      it("alarms on API Gateway 5XXError > 5 in 5 minutes for the configured API and stage", () => {
        const a = alarm(run, `${stack}-platform-apigateway-5xx`);
        expect(a.inputs).to.deep.include({
          namespace: "AWS/ApiGateway",
          metricName: "5XXError",
          dimensions: { ApiName: "ecommerce-ai-platform", Stage: stack },
          statistic: "Sum",
          period: 300,
          threshold: 5,
          comparisonOperator: "GreaterThanThreshold",
        });
      });

      it(
        stack === "prod"
          ? "alarms on DMS CDCLatencyTarget > 300 s (5 minutes), the worst of each 5 minutes"
          : "declares no DMS alarm: this stack configures no DMS",
        () => {
          const dms = ofType(run, ALARM).filter((a) => a.inputs.namespace === "AWS/DMS");
          if (stack === "dev") {
            expect(dms).to.deep.equal([]);
            expect(outputs.platformAlarmNames).not.to.have.property("PlatformDmsCdcLatency");
            return;
          }
          expect(dms).to.have.length(1);
          expect(dms[0].inputs).to.deep.include({
            name: "prod-platform-dms-cdc-latency",
            metricName: "CDCLatencyTarget",
            dimensions: {
              ReplicationInstanceIdentifier: "ecommerce-ai-platform-dms",
              ReplicationTaskIdentifier: "ecommerce-ai-platform-cdc",
            },
            statistic: "Maximum",
            period: 300,
            threshold: 300,
            comparisonOperator: "GreaterThanThreshold",
          });
        },
      );

      it("lists the platform alarms in platformAlarmNames and the stack's alarmNames", () => {
        const platform = outputs.platformAlarmNames as Record<string, string>;
        expect(Object.keys(platform)).to.have.length(stack === "prod" ? 9 : 8);
        expect(outputs.alarmNames).to.deep.include(platform);
      });

      it("routes any FAILED Batch job of the configured queue to the alert topic through EventBridge", () => {
        const rule = one(run, RULE, "platform-batch-job-failed");
        expect(outputs.platformBatchFailureRule).to.equal(`${stack}-platform-batch-job-failed`);
        expect(JSON.parse(String(rule.inputs.eventPattern))).to.deep.equal({
          source: ["aws.batch"],
          "detail-type": ["Batch Job State Change"],
          detail: {
            status: ["FAILED"],
            jobQueue: [`arn:aws:batch:eu-west-1:${ACCOUNT}:job-queue/ecommerce-ai-platform-jobs`],
          },
        });
        const target = one(run, "aws:cloudwatch/eventTarget:EventTarget", "event-PlatformBatchJobFailed");
        expect(target.inputs.arn).to.equal(outputs.alertTopicArn);
        expect(target.inputs.rule).to.equal(rule.inputs.name);
      });

      it("the topic policy lets this rule publish, and no other rule, account or anonymous caller", async () => {
        const topic = String(outputs.alertTopicArn);
        const ruleArn = String(one(run, RULE, "platform-batch-job-failed").state.arn);
        const p = { resource: one(run, "aws:sns/topicPolicy:TopicPolicy").inputs.policy };
        const publish = (sourceArn: string, account = ACCOUNT) => ({
          principal: "events.amazonaws.com",
          action: "sns:Publish",
          resource: topic,
          context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": account },
        });
        await expectAllowed(publish(ruleArn), p);
        await expectDenied(publish(ruleArn.replace("platform-batch-job-failed", "another-rule")), p);
        await expectDenied(publish(ruleArn.replace(ACCOUNT, OTHER_ACCOUNT), OTHER_ACCOUNT), p);
        await expectDenied({ principal: ANONYMOUS, action: "sns:Publish", resource: topic }, p);
      });
    });

  it("a staging stack keeps the platform's logs 14 days; logRetentionDays overrides the stage", async () => {
    const lambda = { functions: ["svc"] };
    const staging = await platformOnly("staging", { lambda });
    expect(one(staging, GROUP).inputs.retentionInDays).to.equal(PLATFORM_DEFAULTS.retentionDays.staging);
    expect(PLATFORM_DEFAULTS.retentionDays).to.deep.equal({ dev: 7, staging: 14, prod: 30 });
    const set = await platformOnly("staging", { lambda, logRetentionDays: 60 });
    expect(one(set, GROUP).inputs.retentionInDays).to.equal(60);
  });

  it("declares only the configured services: Lambda only means no API, Batch or DMS resources", async () => {
    const run = await platformOnly("dev", { lambda: { functions: ["a", "b"], errors: { threshold: 3 } } });
    expect(ofType(run, GROUP).map((g) => g.inputs.name)).to.deep.equal(["/aws/lambda/a", "/aws/lambda/b"]);
    expect(ofType(run, ALARM).map((a) => [a.inputs.name, a.inputs.threshold])).to.deep.equal([
      ["dev-platform-lambda-errors-a", 3],
      ["dev-platform-lambda-errors-b", 3],
    ]);
    expect(ofType(run, RULE)).to.deep.equal([]);
    expect(String(one(run, "aws:sns/topicPolicy:TopicPolicy").inputs.policy)).not.to.contain(
      "events.amazonaws.com",
    );
  });

  it("with no job queue configured, any failed Batch job of the account and region notifies", async () => {
    const run = await platformOnly("dev", { batch: {} });
    expect(JSON.parse(String(one(run, RULE).inputs.eventPattern)).detail).to.deep.equal({
      status: ["FAILED"],
    });
    expect(ofType(run, GROUP).map((g) => g.inputs.name)).to.deep.equal(["/aws/batch/job"]);
  });

  it("a stack without obskit:platform declares nothing of it", async () => {
    const run = await runProgram(() => {
      const s = parseSettings({
        "aws:region": "eu-west-1",
        "obskit:environment": "dev",
        "obskit:logRetentionDays": "7",
        "obskit:protect": "false",
        "obskit:alertEmails": '["ops@example.com"]',
        "obskit:alarms": '{"paymentFailures":{"threshold":5}}',
      });
      const out = composePlatform(s, createShared(s));
      expect(out.outputs).to.deep.equal({
        platformAlarmNames: {},
        platformLogGroupNames: {},
        platformBatchFailureRule: "",
      });
    });
    expect(ofType(run, GROUP)).to.deep.equal([]);
    expect(ofType(run, ALARM)).to.deep.equal([]);
  });
});
