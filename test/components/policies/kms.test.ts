import { expect } from "chai";
import { validateResourcePolicy } from "@cloud-copilot/iam-policy";
import { alarmTopicKeyPolicy, logsKeyPolicy } from "../../../components/policies/kms";
import { ACCOUNT, ANONYMOUS, OTHER_ACCOUNT, expectAllowed, expectDenied } from "../../support/iam";

const ctx = { accountId: ACCOUNT, region: "eu-west-1" };
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0000`;
const LOGS = "logs.eu-west-1.amazonaws.com";
const GROUP_ARN = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/smart-orders/processor`;
const OTHER_GROUP = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/someone/else`;
const DETECTOR = `arn:aws:logs:eu-west-1:${ACCOUNT}:anomaly-detector:0123-abcd`;
// The five actions the AWS CloudWatch Logs guide ("Encrypt log data using AWS KMS") grants the service.
const LOGS_ACTIONS = [
  "kms:Encrypt*",
  "kms:Decrypt*",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:Describe*",
];
const CONTEXT = "kms:EncryptionContext:aws:logs:arn";
const CRYPTO_EC = "kms:EncryptionContext:aws-crypto-ec:aws:logs:arn";

const logs = (action: string, context: Record<string, string>, principal = LOGS) => ({
  principal,
  action,
  resource: KEY,
  context,
});

describe("logsKeyPolicy (CloudWatch Logs key policy)", () => {
  it("is a valid resource policy", () => {
    const doc = logsKeyPolicy({
      ...ctx,
      logGroupArns: [GROUP_ARN, `${OTHER_GROUP}*`],
      anomalyDetectors: true,
    });
    expect(validateResourcePolicy(doc)).to.deep.equal([]);
  });

  it("lets the account's own IAM policies grant use of the key, and no other account's", async () => {
    const doc = logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN] });
    const grant = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }],
    };
    const mine = `arn:aws:sts::${ACCOUNT}:assumed-role/reader/s`;
    await expectAllowed(
      { principal: mine, action: "kms:Decrypt", resource: KEY },
      { resource: doc, identity: [grant] },
    );
    await expectDenied({ principal: mine, action: "kms:Decrypt", resource: KEY }, { resource: doc });
    const theirs = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/reader/s`;
    await expectDenied(
      { principal: theirs, action: "kms:Decrypt", resource: KEY },
      { resource: doc, identity: [grant] },
    );
    await expectDenied({ principal: ANONYMOUS, action: "kms:Decrypt", resource: KEY }, { resource: doc });
  });

  it("grants the regional logs service the documented actions for its log group only", async () => {
    const doc = logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN] });
    expect(doc.Statement[1].Action).to.deep.equal(LOGS_ACTIONS); // the guide's list, verbatim
    const p = { resource: doc };
    for (const a of [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncryptFrom",
      "kms:GenerateDataKey",
      "kms:DescribeKey",
    ])
      await expectAllowed(logs(a, { [CONTEXT]: GROUP_ARN }), p);
    await expectDenied(logs("kms:Decrypt", { [CONTEXT]: OTHER_GROUP }), p);
    await expectDenied(logs("kms:Decrypt", { [CONTEXT]: GROUP_ARN.replace(ACCOUNT, OTHER_ACCOUNT) }), p);
    await expectDenied(logs("kms:Decrypt", {}), p);
    await expectDenied(logs("kms:Decrypt", { [CONTEXT]: GROUP_ARN }, "logs.us-east-1.amazonaws.com"), p);
    await expectDenied(logs("kms:ScheduleKeyDeletion", { [CONTEXT]: GROUP_ARN }), p);
    await expectDenied(logs("kms:CreateGrant", { [CONTEXT]: GROUP_ARN }), p);
  });

  it("serves several exact groups, and name patterns (one key for several pipelines)", async () => {
    const other = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:apache/access`;
    const pattern = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/smart-orders/*`;
    const p = {
      resource: logsKeyPolicy({
        ...ctx,
        logGroupArns: [other, GROUP_ARN.replace("processor", "x"), pattern],
      }),
    };
    await expectAllowed(logs("kms:GenerateDataKey", { [CONTEXT]: other }), p);
    await expectAllowed(logs("kms:GenerateDataKey", { [CONTEXT]: GROUP_ARN }), p);
    await expectAllowed(logs("kms:GenerateDataKey", { [CONTEXT]: `${pattern.slice(0, -1)}anything` }), p);
    await expectDenied(logs("kms:GenerateDataKey", { [CONTEXT]: OTHER_GROUP }), p);
  });

  it("serves the account's anomaly detectors, under both documented contexts, only when asked (finding 3)", async () => {
    const without = { resource: logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN] }) };
    await expectDenied(logs("kms:GenerateDataKey", { [CONTEXT]: DETECTOR }), without);
    await expectDenied(logs("kms:GenerateDataKey", { [CRYPTO_EC]: DETECTOR }), without);
    const p = { resource: logsKeyPolicy({ ...ctx, logGroupArns: [GROUP_ARN], anomalyDetectors: true }) };
    for (const a of ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt", "kms:DescribeKey"]) {
      await expectAllowed(logs(a, { [CONTEXT]: DETECTOR }), p);
      await expectAllowed(logs(a, { [CRYPTO_EC]: DETECTOR }), p);
    }
    await expectDenied(logs("kms:Decrypt", { [CRYPTO_EC]: DETECTOR.replace(ACCOUNT, OTHER_ACCOUNT) }), p);
    await expectDenied(logs("kms:Decrypt", { [CRYPTO_EC]: DETECTOR.replace("eu-west-1", "us-east-1") }), p);
    await expectDenied(logs("kms:Decrypt", { [CRYPTO_EC]: OTHER_GROUP }), p);
  });

  it("honours other partitions", () => {
    const doc = logsKeyPolicy({
      accountId: ACCOUNT,
      region: "cn-north-1",
      partition: "aws-cn",
      logGroupArns: [`arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:x`],
    });
    expect(doc.Statement[0].Principal).to.deep.equal({ AWS: `arn:aws-cn:iam::${ACCOUNT}:root` });
  });
});

describe("alarmTopicKeyPolicy (key of an SNS topic that alarms publish to)", () => {
  const doc = alarmTopicKeyPolicy(ctx);
  const p = { resource: doc };
  const cw = (action: string, account: string, region = "eu-west-1") => ({
    principal: "cloudwatch.amazonaws.com",
    action,
    resource: KEY,
    context: {
      "aws:SourceAccount": account,
      "aws:SourceArn": `arn:aws:cloudwatch:${region}:${account}:alarm:errors`,
    },
  });

  it("is a valid resource policy", () => {
    expect(validateResourcePolicy(doc)).to.deep.equal([]);
  });

  it("lets this account's alarms use the key for publishing (kms:Decrypt, kms:GenerateDataKey*)", async () => {
    await expectAllowed(cw("kms:Decrypt", ACCOUNT), p);
    await expectAllowed(cw("kms:GenerateDataKey", ACCOUNT), p);
    await expectDenied(cw("kms:Encrypt", ACCOUNT), p);
    await expectDenied(cw("kms:CreateGrant", ACCOUNT), p);
  });

  it("denies CloudWatch acting for another account, another region, or without a source (finding 2)", async () => {
    await expectDenied(cw("kms:Decrypt", OTHER_ACCOUNT), p);
    await expectDenied(cw("kms:GenerateDataKey", OTHER_ACCOUNT), p);
    await expectDenied(cw("kms:Decrypt", ACCOUNT, "us-east-1"), p);
    await expectDenied({ principal: "cloudwatch.amazonaws.com", action: "kms:Decrypt", resource: KEY }, p);
    await expectDenied({ principal: ANONYMOUS, action: "kms:Decrypt", resource: KEY }, p);
  });

  it("binds extra service principals to the account", async () => {
    const extra = {
      resource: alarmTopicKeyPolicy({ ...ctx, extraServicePrincipals: ["cloudtrail.amazonaws.com"] }),
    };
    const ev = (account: string) => ({
      principal: "cloudtrail.amazonaws.com",
      action: "kms:GenerateDataKey",
      resource: KEY,
      context: { "aws:SourceAccount": account },
    });
    await expectAllowed(ev(ACCOUNT), extra);
    await expectDenied(ev(OTHER_ACCOUNT), extra);
  });
});
