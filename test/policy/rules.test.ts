import { expect } from "chai";
import { evaluate, EMITS_TAG, type ResourceView } from "../../policy/rules";
import { POLICIES } from "../../policy/policies";
import { planOf } from "../support/mocks";

const GOOD_KEY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
  ],
});

/** One compliant stack; every test below changes one thing in it. */
function fixture(): ResourceView[] {
  const r = (type: string, name: string, props: Record<string, unknown>): ResourceView => ({
    type,
    name,
    urn: `urn:pulumi:t::p::${type}::${name}`,
    props,
  });
  return [
    r("aws:kms/key:Key", "key", { enableKeyRotation: true, policy: GOOD_KEY_POLICY }),
    r("aws:cloudwatch/logGroup:LogGroup", "logs", {
      name: "/app",
      retentionInDays: 30,
      kmsKeyId: "arn:aws:kms:r:1:key/k",
    }),
    r("aws:cloudwatch/logGroup:LogGroup", "fn-logs", {
      name: "/aws/lambda/fn",
      retentionInDays: 30,
      kmsKeyId: "arn:aws:kms:r:1:key/k",
    }),
    r("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter", {
      metricTransformation: { namespace: "App", name: "Errors", value: "1" },
    }),
    r("aws:sns/topic:Topic", "topic", { kmsMasterKeyId: "arn:aws:kms:r:1:key/k" }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", {
      name: "errors",
      namespace: "App",
      metricName: "Errors",
      alarmActions: ["arn:topic"],
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "lambda", {
      name: "lambda",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      alarmActions: ["arn:topic"],
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "scheduled", {
      name: "scheduled",
      namespace: "Analyzer",
      metricName: "ErrorCount",
      alarmActions: ["arn:topic"],
    }),
    r("aws:lambda/function:Function", "fn", {
      name: "fn",
      loggingConfig: { logGroup: "/aws/lambda/fn", logFormat: "JSON" },
      tags: { [EMITS_TAG]: "Analyzer/ErrorCount" },
    }),
    r("aws:iam/rolePolicy:RolePolicy", "policy", {
      policy: JSON.stringify({
        Statement: [{ Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: "arn:t" }],
      }),
    }),
    r("aws:sqs/queue:Queue", "dlq", { kmsMasterKeyId: "arn:aws:kms:r:1:key/k" }),
    r("aws:dynamodb/table:Table", "table", {
      serverSideEncryption: { enabled: true, kmsKeyArn: "arn:aws:kms:r:1:key/k" },
    }),
    r("aws:s3/bucket:Bucket", "bucket", { bucket: "logs-bucket" }),
    r("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", {
      bucket: "logs-bucket",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
  ];
}

function change(name: string, props: Record<string, unknown>): ResourceView[] {
  return fixture().map((r) => (r.name === name ? { ...r, props: { ...r.props, ...props } } : r));
}

function violations(resources: ResourceView[]): string[] {
  return evaluate(resources).map((v) => `${v.policy}: ${v.message}`);
}

describe("policy pack rules", () => {
  it("the compliant fixture passes every rule", () => {
    expect(violations(fixture())).to.deep.equal([]);
  });

  it("log-group-retention: a group that never expires", () => {
    expect(violations(change("logs", { retentionInDays: undefined }))).to.deep.equal([
      "log-group-retention: log group /app has no retention: set retentionInDays (e.g. 30).",
    ]);
  });

  it("log-group-kms: an unencrypted group", () => {
    expect(violations(change("logs", { kmsKeyId: undefined }))).to.deep.equal([
      "log-group-kms: log group /app is not encrypted with a KMS key: set kmsKeyId.",
    ]);
  });

  it("kms-key-rotation: a key that does not rotate", () => {
    expect(violations(change("key", { enableKeyRotation: false }))).to.deep.equal([
      "kms-key-rotation: KMS key does not rotate: set enableKeyRotation: true.",
    ]);
  });

  it("kms-key-policy-not-public: a statement open to everyone", () => {
    const open = JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }],
    });
    expect(violations(change("key", { policy: open }))).to.deep.equal([
      "kms-key-policy-not-public: KMS key policy allows any principal without a condition.",
    ]);
  });

  it("sns-topic-cmk: alias/aws/sns, and no encryption at all", () => {
    expect(violations(change("topic", { kmsMasterKeyId: "alias/aws/sns" }))[0]).to.match(
      /^sns-topic-cmk: SNS topic uses alias\/aws\/sns/,
    );
    expect(violations(change("topic", { kmsMasterKeyId: undefined }))[0]).to.match(
      /^sns-topic-cmk: SNS topic is not encrypted/,
    );
  });

  it("alarm-has-actions: an alarm that tells nobody", () => {
    expect(violations(change("lambda", { alarmActions: [] }))).to.deep.equal([
      "alarm-has-actions: alarm lambda has no alarmActions: nobody would be told.",
    ]);
  });

  it("iam-no-wildcard-actions: `*`, `service:*` and NotAction", () => {
    const doc = (s: object) => JSON.stringify({ Statement: [{ Effect: "Allow", Resource: "*", ...s }] });
    expect(violations(change("policy", { policy: doc({ Action: "*" }) }))).to.deep.equal([
      "iam-no-wildcard-actions: IAM policy allows the wildcard action *.",
    ]);
    expect(violations(change("policy", { policy: doc({ Action: ["dynamodb:*"] }) }))).to.deep.equal([
      "iam-no-wildcard-actions: IAM policy allows the wildcard action dynamodb:*.",
    ]);
    expect(violations(change("policy", { policy: doc({ NotAction: "iam:*" }) }))).to.deep.equal([
      "iam-no-wildcard-actions: IAM policy uses NotAction in an Allow statement.",
    ]);
  });

  it("sqs-encrypted and dynamodb-cmk", () => {
    expect(violations(change("dlq", { kmsMasterKeyId: undefined }))).to.deep.equal([
      "sqs-encrypted: SQS queue is not encrypted: set kmsMasterKeyId.",
    ]);
    expect(violations(change("table", { serverSideEncryption: undefined }))[0]).to.match(/^dynamodb-cmk: /);
  });

  it("alarm-watches-emitted-metric: a retyped metric name that no filter emits", () => {
    expect(violations(change("errors", { metricName: "Error" }))).to.deep.equal([
      "alarm-watches-emitted-metric: alarm errors watches App/Error, which no metric filter or obskit:emits resource of this stack publishes: it can never fire.",
    ]);
  });

  it("alarm-watches-emitted-metric: a custom metric whose publisher is gone", () => {
    expect(violations(change("fn", { tags: {} }))).to.have.length(1);
  });

  it("lambda-explicit-log-group: a function logging to an undeclared group", () => {
    expect(violations(change("fn", { loggingConfig: undefined, name: "other" }))).to.deep.equal([
      "lambda-explicit-log-group: Lambda other has no log group declared in the stack: declare one and set loggingConfig.logGroup.",
    ]);
  });

  it("s3-public-access-blocked: a bucket with one block off", () => {
    const rs = fixture().map((r) =>
      r.name === "pab" ? { ...r, props: { ...r.props, restrictPublicBuckets: false } } : r,
    );
    expect(violations(rs)).to.deep.equal([
      "s3-public-access-blocked: bucket bucket has no BucketPublicAccessBlock with all four blocks on.",
    ]);
  });

  describe("policy-document-valid", () => {
    const role = (assumeRolePolicy: unknown): ResourceView => ({
      type: "aws:iam/role:Role",
      name: "role",
      urn: "urn:pulumi:t::p::aws:iam/role:Role::role",
      props: { assumeRolePolicy },
    });
    const trust = (extra: object) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            ...extra,
          },
        ],
      });

    it("accepts a trust policy without Resource", () => {
      expect(violations([...fixture(), role(trust({}))])).to.deep.equal([]);
    });

    it("rejects a trust policy carrying Resource, as IAM's CreateRole does (finding 1)", () => {
      expect(violations([...fixture(), role(trust({ Resource: "*" }))])).to.deep.equal([
        "policy-document-valid: assumeRolePolicy is not a valid trust policy: Statement[0].#Resource: Resource is not allowed in a trust policy.",
      ]);
    });

    it("rejects an identity policy naming a principal, and a resource policy naming none", () => {
      const withPrincipal = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "dynamodb:PutItem", Resource: "arn:t" }],
      });
      expect(violations(change("policy", { policy: withPrincipal }))).to.deep.equal([
        "policy-document-valid: policy is not a valid identity policy: Statement[0].#Principal: Principal is not allowed in an identity policy statement.",
      ]);
      const noPrincipal = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }],
      });
      expect(violations(change("key", { policy: noPrincipal }))).to.deep.equal([
        "policy-document-valid: policy is not a valid resource policy: Statement[0]: a resource policy statement must name a Principal.",
      ]);
    });

    it("rejects text that is not JSON, and skips values not known yet", () => {
      expect(violations([...fixture(), role("{not json")])).to.deep.equal([
        "policy-document-valid: assumeRolePolicy is not a valid trust policy: is not valid JSON.",
      ]);
      expect(violations([...fixture(), role(undefined)])).to.deep.equal([]);
    });
  });

  describe("service-principal-confused-deputy", () => {
    const keyPolicy = (statement: object) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "kms:*",
            Resource: "*",
          },
          { Effect: "Allow", Action: ["kms:Decrypt"], Resource: "*", ...statement },
        ],
      });
    const permission = (props: object): ResourceView => ({
      type: "aws:lambda/permission:Permission",
      name: "invoke",
      urn: "urn:pulumi:t::p::aws:lambda/permission:Permission::invoke",
      props: { action: "lambda:InvokeFunction", function: "fn", ...props },
    });

    it("accepts service principals bound by aws:SourceAccount or aws:SourceArn", () => {
      const bound = keyPolicy({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      });
      expect(violations(change("key", { policy: bound }))).to.deep.equal([]);
      const byArn = keyPolicy({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Condition: { ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*" } },
      });
      expect(violations(change("key", { policy: byArn }))).to.deep.equal([]);
      expect(
        violations([
          ...fixture(),
          permission({ principal: "logs.eu-west-1.amazonaws.com", sourceAccount: "123456789012" }),
        ]),
      ).to.deep.equal([]);
    });

    it("flags a key policy granting CloudWatch without a condition (finding 2)", () => {
      const open = keyPolicy({ Principal: { Service: "cloudwatch.amazonaws.com" } });
      expect(violations(change("key", { policy: open }))).to.deep.equal([
        "service-principal-confused-deputy: policy allows cloudwatch.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
      ]);
    });

    it("flags a trust policy without a binding (finding 4)", () => {
      const trust = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      });
      const role: ResourceView = {
        type: "aws:iam/role:Role",
        name: "role",
        urn: "urn:pulumi:t::p::aws:iam/role:Role::role",
        props: { assumeRolePolicy: trust },
      };
      expect(violations([...fixture(), role])).to.deep.equal([
        "service-principal-confused-deputy: assumeRolePolicy allows ecs-tasks.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
      ]);
    });

    it("flags a Lambda permission for a service without sourceAccount or sourceArn", () => {
      expect(violations([...fixture(), permission({ principal: "events.amazonaws.com" })])).to.deep.equal([
        "service-principal-confused-deputy: Lambda permission for events.amazonaws.com has neither sourceAccount nor sourceArn: any account's events.amazonaws.com could invoke the function.",
      ]);
    });

    it("excepts CloudWatch Logs in a key policy only when bound by its encryption context", () => {
      const logs = { Service: "logs.eu-west-1.amazonaws.com" };
      const bound = keyPolicy({
        Principal: logs,
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:*",
          },
        },
      });
      expect(violations(change("key", { policy: bound }))).to.deep.equal([]);
      expect(violations(change("key", { policy: keyPolicy({ Principal: logs }) }))).to.deep.equal([
        "service-principal-confused-deputy: policy allows logs.eu-west-1.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
      ]);
    });

    it("excepts EC2 in a role's trust policy only (instance profiles), never in a resource policy", () => {
      const trustOf = (service: string): ResourceView => ({
        type: "aws:iam/role:Role",
        name: "role",
        urn: "urn:pulumi:t::p::aws:iam/role:Role::role",
        props: {
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
          }),
        },
      });
      expect(violations([...fixture(), trustOf("ec2.amazonaws.com")])).to.deep.equal([]);
      expect(violations([...fixture(), trustOf("ec2.amazonaws.com.evil")])).to.have.length(1);
      const open = keyPolicy({ Principal: { Service: "ec2.amazonaws.com" } });
      expect(violations(change("key", { policy: open }))).to.deep.equal([
        "service-principal-confused-deputy: policy allows ec2.amazonaws.com without aws:SourceAccount or aws:SourceArn: it could act for another account (confused deputy).",
      ]);
    });

    it("ignores Deny statements and AWS principals", () => {
      const deny = keyPolicy({ Effect: "Deny", Principal: { Service: "cloudwatch.amazonaws.com" } });
      expect(violations(change("key", { policy: deny }))).to.deep.equal([]);
    });
  });

  it("the @pulumi/policy wrappers report the same violations", () => {
    const reported: { policy: string; message: string; urn?: string }[] = [];
    const rs = change("logs", { retentionInDays: undefined });
    for (const p of POLICIES) {
      if ("validateResource" in p && typeof p.validateResource === "function") {
        for (const r of rs) {
          void p.validateResource(
            { type: r.type, urn: r.urn, name: r.name, props: r.props } as never,
            (message: string) => reported.push({ policy: p.name, message }),
          );
        }
      }
    }
    expect(reported).to.deep.equal([
      {
        policy: "log-group-retention",
        message: "log group /app has no retention: set retentionInDays (e.g. 30).",
      },
    ]);
  });

  it("both real stacks pass every rule", async () => {
    for (const stack of ["dev", "prod"]) {
      expect((await planOf(stack)).json.policy.violations, stack).to.deep.equal([]);
    }
  });
});
