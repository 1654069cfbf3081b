import { expect } from "chai";
import { validateResourcePolicy } from "@cloud-copilot/iam-policy";
import { alarmTopicPolicy } from "../../../components/policies/sns";
import { ACCOUNT, ANONYMOUS, OTHER_ACCOUNT, expectAllowed, expectDenied } from "../../support/iam";

const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;
const doc = alarmTopicPolicy({ accountId: ACCOUNT, region: "eu-west-1", topicArn: TOPIC });
const p = { resource: doc };
const alarm = (account: string, extra: Record<string, string> = {}) => ({
  principal: "cloudwatch.amazonaws.com",
  action: "sns:Publish",
  resource: TOPIC,
  context: {
    "aws:SourceAccount": account,
    "aws:SourceArn": `arn:aws:cloudwatch:eu-west-1:${account}:alarm:errors`,
    ...extra,
  },
});

describe("alarmTopicPolicy (SNS topic policy)", () => {
  it("is a valid resource policy", () => {
    expect(validateResourcePolicy(doc)).to.deep.equal([]);
  });

  it("lets only CloudWatch alarms of this account publish", async () => {
    await expectAllowed(alarm(ACCOUNT), p);
    await expectDenied(alarm(OTHER_ACCOUNT), p);
    await expectDenied({ principal: "cloudwatch.amazonaws.com", action: "sns:Publish", resource: TOPIC }, p);
    await expectDenied({ ...alarm(ACCOUNT), principal: "events.amazonaws.com" }, p);
    await expectDenied({ ...alarm(ACCOUNT), resource: `${TOPIC}-other` }, p);
  });

  it("keeps topic management with the account, without letting it publish through the resource policy", async () => {
    // Account-level delegation: this account's principals manage the topic through their own IAM
    // policies; another account's cannot, whatever their IAM policies say.
    const grant = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:*", Resource: "*" }] };
    const mine = `arn:aws:sts::${ACCOUNT}:assumed-role/ops/s`;
    const stranger = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/ops/s`;
    for (const action of ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe"]) {
      await expectAllowed({ principal: mine, action, resource: TOPIC }, { ...p, identity: [grant] });
      await expectDenied({ principal: stranger, action, resource: TOPIC }, { ...p, identity: [grant] });
    }
    // Publishing is not granted by the resource policy: a role of this account without its own
    // sns:Publish grant cannot publish.
    await expectDenied({ principal: mine, action: "sns:Publish", resource: TOPIC }, p);
    await expectDenied(
      { principal: stranger, action: "sns:Publish", resource: TOPIC },
      { ...p, identity: [grant] },
    );
  });

  it("denies publishing without TLS, even for this account's alarms", async () => {
    await expectDenied(alarm(ACCOUNT, { "aws:SecureTransport": "false" }), p, true);
  });

  it("grants nothing to anonymous callers", async () => {
    for (const action of ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes"])
      await expectDenied({ principal: ANONYMOUS, action, resource: TOPIC }, p);
  });
});
