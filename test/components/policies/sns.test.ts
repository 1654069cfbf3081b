import { expect } from "chai";
import { alarmTopicPolicy } from "../../../components/policies/sns";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:alerts";
const doc = alarmTopicPolicy({ accountId: "111122223333", region: "eu-west-1", topicArn: TOPIC });
const acts = (a: string | string[]): string[] => (Array.isArray(a) ? a : [a]);

describe("alarmTopicPolicy (SNS topic policy)", () => {
  it("lets only CloudWatch alarms of this account publish", () => {
    const publishers = doc.Statement.filter(
      (s) => s.Effect === "Allow" && acts(s.Action).includes("sns:Publish"),
    );
    expect(publishers).to.have.length(1);
    const s = publishers[0];
    expect(s.Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
    expect(s.Resource).to.equal(TOPIC);
    expect(s.Condition).to.deep.equal({
      StringEquals: { "aws:SourceAccount": "111122223333" },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*" },
    });
  });

  it("keeps topic management with the account, without letting it publish through the resource policy", () => {
    const owner = doc.Statement.find((s) => s.Sid === "AccountManagesTheTopic");
    expect(owner?.Principal).to.deep.equal({ AWS: "arn:aws:iam::111122223333:root" });
    expect(acts(owner?.Action ?? [])).to.include.members([
      "sns:GetTopicAttributes",
      "sns:Subscribe",
      "sns:SetTopicAttributes",
    ]);
    expect(acts(owner?.Action ?? [])).not.to.include("sns:Publish");
  });

  it("denies publishing without TLS", () => {
    const deny = doc.Statement.find((s) => s.Effect === "Deny");
    expect(deny).to.deep.include({ Principal: "*", Action: "sns:Publish", Resource: TOPIC });
    expect(deny?.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": false } });
  });

  it("grants nothing to anonymous principals", () => {
    for (const s of doc.Statement.filter((st) => st.Effect === "Allow"))
      expect(s.Principal).not.to.equal("*");
  });
});
