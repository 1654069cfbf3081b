import { expect } from "chai";
import { AlertingPath, LogPipeline, ProcessingPath, type ProcessingPathArgs } from "../../../components";
import type { MockRun, PlannedResource } from "../../../cli/plan/mockRuntime";
import { expectProblems, problemsIn, thrown } from "../../support/errors";
import { ACCOUNT, OTHER_ACCOUNT, assumeRole, expectAllowed, expectDenied } from "../../support/iam";
import { actions, ofType, one, parsePolicy, runProgram } from "../../support/mocks";

const SOURCE_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/test-log-emitter";

function path(args: Partial<ProcessingPathArgs> = {}): Promise<MockRun> {
  return runProgram(() => {
    const source = new LogPipeline("errors", { logGroupName: "/aws/lambda/test-log-emitter" });
    const alerting = new AlertingPath("alerts", { alarmNamePrefix: "dev" });
    new ProcessingPath("incidents", { source, alerting, functionName: "dev-log-processor", ...args });
  });
}

function roleStatements(run: MockRun, policyName: string) {
  return parsePolicy(one(run, "aws:iam/rolePolicy:RolePolicy", policyName).inputs.policy).Statement;
}

describe("ProcessingPath", () => {
  let run: MockRun;
  let fn: PlannedResource;
  before(async () => {
    run = await path({ memoryMb: 512, timeoutSeconds: 45, reservedConcurrency: 5 });
    fn = one(run, "aws:lambda/function:Function", "incidents-processor");
  });

  it("lets only this account's CloudWatch Logs, for the source group, invoke the processor", () => {
    const perm = one(run, "aws:lambda/permission:Permission");
    expect(perm.inputs).to.deep.include({
      action: "lambda:InvokeFunction",
      function: "dev-log-processor",
      principal: "logs.eu-west-1.amazonaws.com",
      sourceArn: `${SOURCE_ARN}:*`,
      sourceAccount: "123456789012",
    });
  });

  it("subscribes the processor to the source group's ERROR-level events, after the permission exists", () => {
    const sub = one(run, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
    const perm = one(run, "aws:lambda/permission:Permission");
    expect(sub.inputs).to.deep.include({
      logGroup: "/aws/lambda/test-log-emitter",
      filterPattern: "?ERROR ?FATAL ?CRITICAL",
      destinationArn: fn.state.arn,
    });
    expect(sub.dependencies).to.include(perm.urn);
  });

  it("runs the bundled handler on the current Node.js runtime, arm64, with the configured sizing", () => {
    expect(fn.inputs).to.deep.include({
      name: "dev-log-processor",
      runtime: "nodejs22.x",
      handler: "index.handler",
      memorySize: 512,
      timeout: 45,
      reservedConcurrentExecutions: 5,
    });
    expect(fn.inputs.architectures).to.deep.equal(["arm64"]);
  });

  it("logs into its own declared, encrypted, expiring log group — never the implicit one", () => {
    const group = ofType(run, "aws:cloudwatch/logGroup:LogGroup").find(
      (g) => g.inputs.name === "/aws/lambda/dev-log-processor",
    );
    expect(group?.inputs).to.deep.include({ retentionInDays: 30 });
    expect(group?.inputs.kmsKeyId).to.match(/^arn:aws:kms:/);
    expect(fn.inputs.loggingConfig).to.deep.include({
      logGroup: "/aws/lambda/dev-log-processor",
      logFormat: "JSON",
    });
  });

  it("tells the handler its table, severity and TTL through the environment", () => {
    const table = one(run, "aws:dynamodb/table:Table");
    const env = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    expect(env).to.deep.include({
      TABLE_NAME: table.state.name,
      MIN_SEVERITY: "ERROR",
      INCIDENT_TTL_DAYS: "90",
      POWERTOOLS_METRICS_NAMESPACE: "obskit/LogProcessor",
    });
    expect(env).not.to.have.property("NOTIFY_TOPIC_ARN");
  });

  it("bounds retries and event age, and parks failed batches in an encrypted dead-letter queue", () => {
    const cfg = one(run, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
    const dlq = one(run, "aws:sqs/queue:Queue");
    const dataKey = one(run, "aws:kms/key:Key", "incidents-data-key");
    expect(cfg.inputs).to.deep.include({
      functionName: "dev-log-processor",
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 3600,
    });
    expect(cfg.inputs.destinationConfig).to.deep.equal({ onFailure: { destination: dlq.state.arn } });
    expect(dlq.inputs.kmsMasterKeyId).to.equal(dataKey.state.arn);
  });

  it("alarms through the alerting topic as soon as one batch is parked", () => {
    const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "incidents-dlq-alarm");
    const dlq = one(run, "aws:sqs/queue:Queue");
    const topic = one(run, "aws:sns/topic:Topic");
    expect(alarm.inputs).to.deep.include({
      name: "dev-incidents-dead-letters",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      statistic: "Maximum",
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(alarm.inputs.dimensions).to.deep.equal({ QueueName: dlq.state.name });
    expect(alarm.inputs.alarmActions).to.deep.equal([topic.state.arn]);
  });

  it("stores incidents in an on-demand table keyed by incidentId, CMK-encrypted, expiring through TTL", () => {
    const table = one(run, "aws:dynamodb/table:Table");
    const dataKey = one(run, "aws:kms/key:Key", "incidents-data-key");
    expect(table.inputs).to.deep.include({
      billingMode: "PAY_PER_REQUEST",
      hashKey: "incidentId",
      deletionProtectionEnabled: false,
    });
    expect(table.inputs.attributes).to.deep.equal([{ name: "incidentId", type: "S" }]);
    expect(table.inputs.serverSideEncryption).to.deep.equal({ enabled: true, kmsKeyArn: dataKey.state.arn });
    expect(table.inputs.ttl).to.deep.equal({ attributeName: "expiresAt", enabled: true });
    expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: false });
  });

  it("grants the processor exactly what it uses, on exactly those resources", () => {
    const table = one(run, "aws:dynamodb/table:Table");
    const dlq = one(run, "aws:sqs/queue:Queue");
    const dataKey = one(run, "aws:kms/key:Key", "incidents-data-key");
    const statements = roleStatements(run, "incidents-policy");
    expect(statements.map((s) => [actions(s), s.Resource])).to.deep.equal([
      [["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"], table.state.arn],
      [["sqs:SendMessage"], dlq.state.arn],
      [
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/dev-log-processor:log-stream:*",
      ],
      [["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"], dataKey.state.arn],
      [["kms:Decrypt", "kms:GenerateDataKey"], dataKey.state.arn],
    ]);
    expect(statements[3].Condition).to.deep.equal({
      StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" },
    });
    expect(statements[4].Condition).to.deep.equal({
      StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" },
    });
  });

  it("uses no wildcard action and no wildcard resource in any role policy", () => {
    for (const rp of ofType(run, "aws:iam/rolePolicy:RolePolicy")) {
      for (const s of parsePolicy(rp.inputs.policy).Statement) {
        for (const a of actions(s)) expect(a, rp.name).not.to.match(/\*$|^\*$/);
        expect(s.Resource, rp.name).not.to.equal("*");
      }
    }
  });

  it("trusts only Lambda of this account to assume the role", async () => {
    const role = one(run, "aws:iam/role:Role", "incidents-role");
    const trust = { resource: role.inputs.assumeRolePolicy };
    const assume = assumeRole(String(role.state.arn));
    const from = (account: string) => ({ "aws:SourceAccount": account });
    await expectAllowed(assume("lambda.amazonaws.com", from(ACCOUNT)), trust);
    await expectDenied(assume("lambda.amazonaws.com", from(OTHER_ACCOUNT)), trust);
    await expectDenied(assume("ecs-tasks.amazonaws.com", from(ACCOUNT)), trust);
  });

  it("deploys no test emitter unless asked", () => {
    expect(ofType(run, "aws:lambda/function:Function")).to.have.length(1);
  });

  it("notifies high-severity incidents through the alerting topic, with publish and key use on that topic only", async () => {
    const r = await path({ notifyMinSeverity: "CRITICAL" });
    const topic = one(r, "aws:sns/topic:Topic");
    const topicKey = one(r, "aws:kms/key:Key", "alerts-key");
    const env = (
      one(r, "aws:lambda/function:Function").inputs.environment as { variables: Record<string, string> }
    ).variables;
    expect(env).to.deep.include({ NOTIFY_TOPIC_ARN: topic.state.arn, NOTIFY_MIN_SEVERITY: "CRITICAL" });
    const statements = roleStatements(r, "incidents-policy");
    expect(statements.slice(-2).map((s) => [actions(s), s.Resource])).to.deep.equal([
      [["sns:Publish"], topic.state.arn],
      [["kms:Decrypt", "kms:GenerateDataKey"], topicKey.state.arn],
    ]);
  });

  it("protects the table with point-in-time recovery and deletion protection in protected stages", async () => {
    const r = await path({ protect: true });
    const table = one(r, "aws:dynamodb/table:Table");
    expect(table).to.deep.include({ protect: true, retainOnDelete: true });
    expect(table.inputs).to.deep.include({ deletionProtectionEnabled: true });
    expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: true });
  });

  describe("rejects bad arguments at construction", () => {
    it("an invalid filter pattern, out-of-range sizing and an unknown severity — all at once", () => {
      const err = thrown(() => {
        new ProcessingPath("bad", {
          source: { logGroupName: "x", logGroupArn: "arn:aws:logs:eu-west-1:111122223333:log-group:x" },
          alerting: {
            topicArn: "arn:aws:sns:eu-west-1:111122223333:t",
            kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
          },
          filterPattern: '{ $.level = "ERROR" ',
          memoryMb: 64,
          maximumRetryAttempts: 3,
          minSeverity: "LOUD" as never,
        });
      });
      const problems = problemsIn(err, "ProcessingPath", "bad");
      expectProblems(problems, [
        { propertyPath: "filterPattern", value: '{ $.level = "ERROR" ' },
        { propertyPath: "memoryMb", value: 64 },
        { propertyPath: "maximumRetryAttempts", value: 3 },
        { propertyPath: "minSeverity", value: "LOUD" },
      ]);
      expect(problems[0].reason).to.match(/column/);
      expect(problems[1].reason).to.contain("128 to 10240");
      expect(problems[2].reason).to.contain("0 to 2");
    });

    it("a source or alerting target given as data without the fields it needs, each named", () => {
      const err = thrown(
        () =>
          new ProcessingPath("bad", {
            source: { logGroupName: "x" } as never,
            alerting: { topicArn: "arn:aws:sns:eu-west-1:111122223333:t" } as never,
          }),
      );
      const problems = problemsIn(err, "ProcessingPath", "bad");
      expectProblems(problems, [
        { propertyPath: "source.logGroupArn", value: undefined },
        { propertyPath: "alerting.kmsKeyArn", value: undefined },
      ]);
      expect(problems[0].fix).to.contain("LogPipeline.logGroupArn");
      expect(problems[1].fix).to.contain("AlertingPath.kmsKeyArn");
    });
  });
});
