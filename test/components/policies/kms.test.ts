import { expect } from "chai";
import { alarmTopicKeyPolicy, logsKeyPolicy } from "../../../components/policies/kms";

const ctx = { accountId: "111122223333", region: "eu-west-1" };
const GROUP_ARN = "arn:aws:logs:eu-west-1:111122223333:log-group:/smart-orders/processor";
// The five actions the AWS CloudWatch Logs guide ("Encrypt log data using AWS KMS") grants the service.
const LOGS_ACTIONS = [
  "kms:Encrypt*",
  "kms:Decrypt*",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:Describe*",
];

describe("logsKeyPolicy (CloudWatch Logs key policy)", () => {
  it("lets the account root administer the key, as the default key policy does", () => {
    const doc = logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN] });
    expect(doc.Version).to.equal("2012-10-17");
    expect(doc.Statement[0]).to.deep.equal({
      Sid: "EnableAccountAdministration",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "kms:*",
      Resource: "*",
    });
  });

  it("grants the regional logs service principal exactly the documented actions, bound to the log group by ArnEquals", () => {
    const doc = logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN] });
    expect(doc.Statement).to.have.length(2);
    const s = doc.Statement[1];
    expect(s.Effect).to.equal("Allow");
    expect(s.Principal).to.deep.equal({ Service: "logs.eu-west-1.amazonaws.com" });
    expect(s.Action).to.deep.equal(LOGS_ACTIONS);
    expect(s.Resource).to.equal("*");
    expect(s.Condition).to.deep.equal({ ArnEquals: { "kms:EncryptionContext:aws:logs:arn": GROUP_ARN } });
  });

  it("uses ArnLike for name patterns, so one key can serve several pipelines", () => {
    const pattern = "arn:aws:logs:eu-west-1:111122223333:log-group:/smart-orders/*";
    const doc = logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN, pattern] });
    const like = doc.Statement.find((s) => s.Condition?.ArnLike);
    expect(like?.Condition).to.deep.equal({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": pattern } });
    expect(like?.Action).to.deep.equal(LOGS_ACTIONS);
    const equals = doc.Statement.find((s) => s.Condition?.ArnEquals);
    expect(equals?.Condition?.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).to.equal(GROUP_ARN);
  });

  it("lists several exact groups in one condition", () => {
    const other = "arn:aws:logs:eu-west-1:111122223333:log-group:apache/access";
    const doc = logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN, other] });
    expect(doc.Statement[1].Condition?.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).to.deep.equal([
      GROUP_ARN,
      other,
    ]);
  });

  it("adds the account's anomaly detectors in the region only when asked", () => {
    expect(JSON.stringify(logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN] }))).not.to.contain(
      "anomaly-detector",
    );
    const doc = logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN], anomalyDetectors: true });
    const like = doc.Statement.find((s) => s.Condition?.ArnLike);
    expect(like?.Condition?.ArnLike["kms:EncryptionContext:aws:logs:arn"]).to.equal(
      "arn:aws:logs:eu-west-1:111122223333:anomaly-detector:*",
    );
  });

  it("never grants the service principal without an encryption-context condition", () => {
    const doc = logsKeyPolicy({
      ...ctx,
      logGroupArns: [GROUP_ARN, "arn:aws:logs:eu-west-1:111122223333:log-group:x*"],
    });
    for (const s of doc.Statement.filter((st) => JSON.stringify(st.Principal).includes("logs."))) {
      expect(
        Object.values(s.Condition ?? {}).some((c) => "kms:EncryptionContext:aws:logs:arn" in c),
      ).to.equal(true);
    }
  });

  it("honours other partitions", () => {
    const doc = logsKeyPolicy({
      accountId: "111122223333",
      region: "cn-north-1",
      partition: "aws-cn",
      logGroupArns: ["arn:aws-cn:logs:cn-north-1:111122223333:log-group:x"],
    });
    expect(doc.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws-cn:iam::111122223333:root" });
  });
});

describe("alarmTopicKeyPolicy (key of an SNS topic that alarms publish to)", () => {
  it("lets CloudWatch use the key with kms:Decrypt and kms:GenerateDataKey*, as the SNS/CloudWatch docs require", () => {
    const doc = alarmTopicKeyPolicy(ctx);
    expect(doc.Statement).to.have.length(2);
    expect(doc.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws:iam::111122223333:root" });
    const s = doc.Statement[1];
    expect(s).to.deep.include({ Effect: "Allow", Resource: "*" });
    expect(s.Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
    expect(s.Action).to.deep.equal(["kms:Decrypt", "kms:GenerateDataKey*"]);
  });
});
