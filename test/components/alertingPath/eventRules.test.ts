import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { AlertingPath } from "../../../components";
import { expectProblems, problemsIn, thrown } from "../../support/errors";
import { ACCOUNT, ANONYMOUS, OTHER_ACCOUNT, expectAllowed, expectDenied } from "../../support/iam";
import { one, runProgram } from "../../support/mocks";
import type { MockRun } from "../../../cli/plan/mockRuntime";

const PATTERN = JSON.stringify({ source: ["aws.batch"], "detail-type": ["Batch Job State Change"] });

describe("AlertingPath.addEventRule: an EventBridge rule notifies the topic", () => {
  let run: MockRun;
  before(async () => {
    run = await runProgram(() => {
      const path = new AlertingPath("alerts", { emails: ["oncall@example.com"] });
      const rule = new aws.cloudwatch.EventRule("batch-failed", {
        name: "dev-batch-failed",
        eventPattern: PATTERN,
      });
      path.addEventRule("BatchJobFailed", rule, {
        inputTransformer: {
          inputPaths: { job: "$.detail.jobName" },
          inputTemplate: '"Batch job <job> FAILED"',
        },
      });
    });
  });

  const topicArn = () => String(one(run, "aws:sns/topic:Topic").state.arn);
  const ruleArn = () => String(one(run, "aws:cloudwatch/eventRule:EventRule").state.arn);
  const publish = (sourceArn: string, sourceAccount = ACCOUNT, extra: Record<string, string> = {}) => ({
    principal: "events.amazonaws.com",
    action: "sns:Publish",
    resource: topicArn(),
    context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": sourceAccount, ...extra },
  });

  it("targets the topic from the rule, with the given input transformer", () => {
    const target = one(run, "aws:cloudwatch/eventTarget:EventTarget");
    expect(target.inputs.rule).to.equal("dev-batch-failed");
    expect(target.inputs.arn).to.equal(topicArn());
    expect(target.inputs.inputTransformer).to.deep.include({ inputTemplate: '"Batch job <job> FAILED"' });
  });

  it("the topic policy lets exactly this rule publish: not another rule, another account, or anonymous", async () => {
    const p = { resource: one(run, "aws:sns/topicPolicy:TopicPolicy").inputs.policy };
    await expectAllowed(publish(ruleArn()), p);
    await expectDenied(publish(ruleArn().replace("dev-batch-failed", "other-rule")), p);
    await expectDenied(publish(ruleArn().replace(ACCOUNT, OTHER_ACCOUNT), OTHER_ACCOUNT), p);
    await expectDenied({ principal: "events.amazonaws.com", action: "sns:Publish", resource: topicArn() }, p);
    await expectDenied({ principal: ANONYMOUS, action: "sns:Publish", resource: topicArn() }, p);
    await expectDenied(publish(ruleArn(), ACCOUNT, { "aws:SecureTransport": "false" }), p, true);
  });

  it("the topic key lets EventBridge encrypt only for this account's topics in this region", async () => {
    const key = one(run, "aws:kms/key:Key", "alerts-key");
    const p = { resource: key.inputs.policy };
    const use = (action: string, topic: string) => ({
      principal: "events.amazonaws.com",
      action,
      resource: String(key.state.arn),
      context: { "kms:EncryptionContext:aws:sns:topicArn": topic },
    });
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
      await expectAllowed(use(action, topicArn()), p);
      await expectDenied(use(action, topicArn().replace(ACCOUNT, OTHER_ACCOUNT)), p);
      await expectDenied(use(action, topicArn().replace("eu-west-1", "us-east-1")), p);
    }
    await expectDenied(
      { principal: "events.amazonaws.com", action: "kms:Decrypt", resource: String(key.state.arn) },
      p,
    );
    await expectDenied(use("kms:Encrypt", topicArn()), p);
  });

  it("a path without event rules grants EventBridge nothing", async () => {
    const bare = await runProgram(() => new AlertingPath("alerts", { emails: ["oncall@example.com"] }));
    const topic = String(one(bare, "aws:sns/topic:Topic").state.arn);
    const rule = `arn:aws:events:eu-west-1:${ACCOUNT}:rule/dev-batch-failed`;
    await expectDenied(
      {
        principal: "events.amazonaws.com",
        action: "sns:Publish",
        resource: topic,
        context: { "aws:SourceArn": rule, "aws:SourceAccount": ACCOUNT },
      },
      { resource: one(bare, "aws:sns/topicPolicy:TopicPolicy").inputs.policy },
    );
    expect(String(one(bare, "aws:kms/key:Key").inputs.policy)).not.to.contain("events.amazonaws.com");
  });

  it("refuses a rule added after the policies were rendered, or a key used twice", async () => {
    let late: unknown;
    let twice: unknown;
    await runProgram(async () => {
      const path = new AlertingPath("alerts", { emails: ["oncall@example.com"] });
      const rule = new aws.cloudwatch.EventRule("r", { eventPattern: PATTERN });
      path.addEventRule("A", rule);
      twice = thrown(() => path.addEventRule("A", rule));
      await new Promise((resolve) => setImmediate(resolve));
      late = thrown(() => path.addEventRule("B", rule));
    });
    expectProblems(problemsIn(twice as Error, "AlertingPath", "alerts"), [
      { propertyPath: "key", value: "A" },
    ]);
    const [tooLate] = problemsIn(late as Error, "AlertingPath", "alerts");
    expectProblems([tooLate], [{ propertyPath: "key", value: "B" }]);
    expect(tooLate.fix).to.contain("same synchronous pass");
  });
});
