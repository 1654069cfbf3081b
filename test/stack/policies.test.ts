/**
 * Every policy document the real dev and prod plans deploy, proven by simulated requests: its
 * grammar is valid for its kind, the intended caller is allowed, and the wrong ones (another
 * account, another resource or log group, another encryption context, anonymous, non-TLS) are
 * denied. Targets (tables, keys, log groups, sources) are taken from the plan itself, so what is
 * tested is what is deployed.
 */
import { expect } from "chai";
import type { PlannedResource } from "../../cli/plan/mockRuntime";
import type { Plan } from "../../cli/plan/plan";
import { documentsOf, grammarErrors } from "../../policy/rules";
import {
  ACCOUNT,
  ANONYMOUS,
  OTHER_ACCOUNT,
  expectAllowed,
  expectDenied,
  type IamRequest,
  type PolicySet,
} from "../support/iam";
import { planOf } from "../support/mocks";

const REGION = "eu-west-1";
const other = (arn: string): string => arn.replace(`:${ACCOUNT}:`, `:${OTHER_ACCOUNT}:`);

class Stack {
  constructor(readonly plan: Plan) {}
  get resources(): PlannedResource[] {
    return this.plan.run.resources;
  }
  ofType(type: string): PlannedResource[] {
    return this.resources.filter((r) => r.type === type);
  }
  named(type: string, name: string): PlannedResource {
    const found = this.ofType(type).filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
  }
  find(type: string, pred: (r: PlannedResource) => boolean): PlannedResource | undefined {
    return this.ofType(type).find(pred);
  }
  arn(r: PlannedResource): string {
    return String(r.state.arn);
  }
  logGroupArn(name: string): string {
    return this.arn(this.find("aws:cloudwatch/logGroup:LogGroup", (g) => g.inputs.name === name)!);
  }
  logGroupArns(): string[] {
    return this.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => this.arn(g));
  }
  keyPolicy(keyArn: string): unknown {
    return this.find("aws:kms/key:Key", (k) => this.arn(k) === keyArn)!.inputs.policy;
  }
  inlinePolicies(role: PlannedResource): unknown[] {
    return this.ofType("aws:iam/rolePolicy:RolePolicy")
      .filter((p) => p.inputs.role === role.state.name)
      .map((p) => p.inputs.policy);
  }
  /** Who assumes each role: a Lambda function or an ECS service of the plan. */
  userOf(role: PlannedResource): { service: string; sourceArn: string } {
    const arn = this.arn(role);
    const users: { service: string; sourceArn: string }[] = [];
    for (const fn of this.ofType("aws:lambda/function:Function"))
      if (fn.inputs.role === arn) users.push({ service: "lambda.amazonaws.com", sourceArn: this.arn(fn) });
    for (const svc of this.ofType("awsx:ecs:FargateService")) {
      const td = svc.inputs.taskDefinitionArgs as {
        executionRole?: { roleArn?: string };
        taskRole?: { roleArn?: string };
      };
      if (td.executionRole?.roleArn === arn || td.taskRole?.roleArn === arn) {
        const cluster = String(svc.inputs.cluster).split("/").pop();
        users.push({
          service: "ecs-tasks.amazonaws.com",
          sourceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${cluster}/0123456789abcdef`,
        });
      }
    }
    for (const trail of this.ofType("aws:cloudtrail/trail:Trail"))
      if (trail.inputs.cloudWatchLogsRoleArn === arn)
        users.push({ service: "cloudtrail.amazonaws.com", sourceArn: this.arn(trail) });
    for (const profile of this.ofType("aws:iam/instanceProfile:InstanceProfile"))
      if (profile.inputs.role === role.state.name)
        for (const i of this.ofType("aws:ec2/instance:Instance"))
          if (i.inputs.iamInstanceProfile === profile.state.name)
            users.push({ service: "ec2.amazonaws.com", sourceArn: this.arn(i) });
    for (const stream of this.ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"))
      if ((stream.inputs.extendedS3Configuration as { roleArn?: string } | undefined)?.roleArn === arn)
        users.push({ service: "firehose.amazonaws.com", sourceArn: this.arn(stream) });
    for (const sub of this.ofType("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter"))
      if (sub.inputs.roleArn === arn)
        users.push({
          service: "logs.amazonaws.com",
          sourceArn: this.logGroupArn(String(sub.inputs.logGroup)),
        });
    if (users.length !== 1) throw new Error(`role ${role.name} has ${users.length} users in the plan`);
    return users[0];
  }
  /** The log group an ECS service's container writes to. */
  containerLogGroup(executionRoleArn: string): string {
    const svc = this.ofType("awsx:ecs:FargateService").find(
      (s) =>
        (s.inputs.taskDefinitionArgs as { executionRole?: { roleArn?: string } }).executionRole?.roleArn ===
        executionRoleArn,
    )!;
    const td = svc.inputs.taskDefinitionArgs as { container?: unknown; containers?: Record<string, unknown> };
    const containers = td.container ? [td.container] : Object.values(td.containers ?? {});
    const group = (containers[0] as { logConfiguration: { options: Record<string, string> } })
      .logConfiguration.options["awslogs-group"];
    return this.logGroupArn(group);
  }
  alarmArn(): string {
    return this.arn(this.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")[0]);
  }
}

const as = (role: PlannedResource) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${String(role.state.name)}/session`;
const req = (
  principal: string,
  action: string,
  resource: string,
  context: Record<string, string> = {},
): IamRequest => ({
  principal,
  action,
  resource,
  context,
});

for (const stackName of ["dev", "prod"]) {
  describe(`policies of the ${stackName} plan, by simulated requests`, function () {
    this.timeout(60_000);
    let s: Stack;
    before(async () => {
      s = new Stack(await planOf(stackName));
    });

    it("every policy document is valid for its kind (IAM would accept it)", () => {
      const docs = s.resources.flatMap((r) =>
        documentsOf({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }).map((d) => ({ r, d })),
      );
      const kinds = new Set(docs.map((x) => x.d.kind));
      expect([...kinds].sort()).to.deep.equal(["identity", "resource", "trust"]);
      expect(docs.length).to.be.greaterThan(15);
      const errors = docs.flatMap(({ r, d }) => grammarErrors(d).map((e) => `${r.name}.${d.field}: ${e}`));
      expect(errors).to.deep.equal([]);
    });

    it("every role's trust policy admits its own service for this account only (findings 1, 4)", async () => {
      const roles = s.ofType("aws:iam/role:Role");
      expect(roles.length).to.be.greaterThan(3);
      for (const role of roles) {
        const { service, sourceArn } = s.userOf(role);
        const trust: PolicySet = { resource: role.inputs.assumeRolePolicy };
        const assume = (principal: string, context: Record<string, string> = {}) =>
          req(principal, "sts:AssumeRole", s.arn(role), context);
        await expectAllowed(
          assume(service, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": sourceArn }),
          trust,
        );
        if (service === "ec2.amazonaws.com") {
          // EC2 sends no source keys for instance-profile credentials (policy/rules.ts exception):
          // the binding is iam:PassRole, which never hands this role to another account's instance
          await expectAllowed(assume(service), trust);
        } else {
          await expectDenied(
            assume(service, { "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": other(sourceArn) }),
            trust,
          );
          await expectDenied(assume(service), trust);
        }
        const stranger =
          service === "lambda.amazonaws.com" ? "ecs-tasks.amazonaws.com" : "lambda.amazonaws.com";
        await expectDenied(
          assume(stranger, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": sourceArn }),
          trust,
        );
        await expectDenied(assume(`arn:aws:iam::${ACCOUNT}:role/someone-else`), trust);
        await expectDenied(assume(ANONYMOUS), trust);
        if (service === "ecs-tasks.amazonaws.com") {
          const elsewhere = sourceArn.replace(REGION, "us-east-1");
          await expectDenied(
            assume(service, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": elsewhere }),
            trust,
          );
        }
      }
    });

    it("the incident processor stores incidents, parks batches, logs and (if configured) notifies — nothing else", async () => {
      const role = s.named("aws:iam/role:Role", "incidents-role");
      const fn = s.named("aws:lambda/function:Function", "incidents-processor");
      const table = s.arn(s.named("aws:dynamodb/table:Table", "incidents-incidents"));
      const dlq = s.arn(s.named("aws:sqs/queue:Queue", "incidents-dlq"));
      const dataKey = String(
        (
          s.named("aws:dynamodb/table:Table", "incidents-incidents").inputs.serverSideEncryption as {
            kmsKeyArn: string;
          }
        ).kmsKeyArn,
      );
      const logGroup = s.logGroupArn((fn.inputs.loggingConfig as { logGroup: string }).logGroup);
      const me = as(role);
      const id: PolicySet = { identity: s.inlinePolicies(role) };
      const withKey: PolicySet = { ...id, resource: s.keyPolicy(dataKey) };
      const via = (svc: string) => ({ "kms:ViaService": `${svc}.${REGION}.amazonaws.com` });

      for (const a of ["dynamodb:BatchWriteItem", "dynamodb:BatchGetItem"])
        await expectAllowed(req(me, a, table), id);
      for (const a of ["dynamodb:DeleteItem", "dynamodb:Scan", "dynamodb:DeleteTable"])
        await expectDenied(req(me, a, table), id);
      await expectDenied(req(me, "dynamodb:BatchWriteItem", other(table)), id);
      await expectAllowed(req(me, "sqs:SendMessage", dlq), id);
      await expectDenied(req(me, "sqs:SendMessage", `${dlq}-other`), id);
      await expectDenied(req(me, "sqs:ReceiveMessage", dlq), id);
      await expectAllowed(req(me, "kms:GenerateDataKey", dataKey, via("dynamodb")), withKey);
      await expectAllowed(req(me, "kms:Decrypt", dataKey, via("sqs")), withKey);
      await expectDenied(req(me, "kms:Decrypt", dataKey), withKey);
      await expectDenied(req(me, "kms:Decrypt", dataKey, via("s3")), withKey);
      await expectDenied(req(me, "kms:Decrypt", other(dataKey), via("dynamodb")), id);
      await expectAllowed(req(me, "logs:PutLogEvents", `${logGroup}:log-stream:2026/01/01/x`), id);
      for (const g of s.logGroupArns().filter((g) => g !== logGroup))
        await expectDenied(req(me, "logs:PutLogEvents", `${g}:log-stream:x`), id);

      const notify = (fn.inputs.environment as { variables: Record<string, string> }).variables
        .NOTIFY_TOPIC_ARN;
      const topic = s.named("aws:sns/topic:Topic", "alerts-topic");
      const topicPolicy = s.named("aws:sns/topicPolicy:TopicPolicy", "alerts-topic-policy").inputs.policy;
      const topicKey = String(topic.inputs.kmsMasterKeyId);
      if (notify) {
        expect(notify).to.equal(s.arn(topic));
        await expectAllowed(req(me, "sns:Publish", notify), { ...id, resource: topicPolicy });
        await expectDenied(
          req(me, "sns:Publish", notify, { "aws:SecureTransport": "false" }),
          { ...id, resource: topicPolicy },
          true,
        );
        await expectAllowed(req(me, "kms:GenerateDataKey", topicKey, via("sns")), {
          ...id,
          resource: s.keyPolicy(topicKey),
        });
        await expectDenied(req(me, "kms:GenerateDataKey", topicKey), {
          ...id,
          resource: s.keyPolicy(topicKey),
        });
      } else {
        await expectDenied(req(me, "sns:Publish", s.arn(topic)), { ...id, resource: topicPolicy });
      }
      await expectDenied(req(me, "sns:Publish", `${s.arn(topic)}-other`), id);
    });

    it("the test emitter (where deployed) only writes its own log group", async () => {
      const role = s.find("aws:iam/role:Role", (r) => r.name === "incidents-emitter-role");
      if (stackName === "dev") expect(role, "dev deploys the test emitter").not.to.equal(undefined);
      if (!role) return;
      const fn = s.named("aws:lambda/function:Function", "incidents-emitter");
      const logGroup = s.logGroupArn((fn.inputs.loggingConfig as { logGroup: string }).logGroup);
      const id: PolicySet = { identity: s.inlinePolicies(role) };
      await expectAllowed(req(as(role), "logs:PutLogEvents", `${logGroup}:log-stream:x`), id);
      await expectAllowed(req(as(role), "logs:CreateLogStream", `${logGroup}:log-stream:x`), id);
      for (const g of s.logGroupArns().filter((g) => g !== logGroup))
        await expectDenied(req(as(role), "logs:PutLogEvents", `${g}:log-stream:x`), id);
      await expectDenied(req(as(role), "logs:DeleteLogGroup", logGroup), id);
      await expectDenied(
        req(
          as(role),
          "dynamodb:BatchWriteItem",
          s.arn(s.named("aws:dynamodb/table:Table", "incidents-incidents")),
        ),
        id,
      );
    });

    it("the analyzer's task and scheduled roles read the bucket over TLS; only the scheduled run publishes its metric", async () => {
      const bucket = s.arn(s.named("aws:s3/bucket:Bucket", "analyzer-logs"));
      const bucketPolicy = s.named("aws:s3/bucketPolicy:BucketPolicy", "analyzer-logs-tls-only").inputs
        .policy;
      const bucketKey = s.arn(s.named("aws:kms/key:Key", "analyzer-bucket-key"));
      const fn = s.named("aws:lambda/function:Function", "analyzer-scheduled");
      const namespace = (fn.inputs.environment as { variables: Record<string, string> }).variables
        .METRIC_NAMESPACE;
      const logGroup = s.logGroupArn((fn.inputs.loggingConfig as { logGroup: string }).logGroup);
      for (const name of ["analyzer-task-role", "analyzer-scheduled-role"]) {
        const role = s.named("aws:iam/role:Role", name);
        const me = as(role);
        const id: PolicySet = { identity: s.inlinePolicies(role) };
        const onBucket: PolicySet = { ...id, resource: bucketPolicy };
        await expectAllowed(req(me, "s3:ListBucket", bucket), onBucket);
        await expectAllowed(req(me, "s3:GetObject", `${bucket}/2026/01/01/a.jsonl`), onBucket);
        await expectDenied(
          req(me, "s3:GetObject", `${bucket}/a.jsonl`, { "aws:SecureTransport": "false" }),
          onBucket,
          true,
        );
        await expectDenied(
          req(me, "s3:ListBucket", bucket, { "aws:SecureTransport": "false" }),
          onBucket,
          true,
        );
        for (const a of ["s3:PutObject", "s3:DeleteObject"])
          await expectDenied(req(me, a, `${bucket}/a.jsonl`), onBucket);
        await expectDenied(req(me, "s3:GetObject", "arn:aws:s3:::someone-elses-bucket/a.jsonl"), id);
        const withKey: PolicySet = { ...id, resource: s.keyPolicy(bucketKey) };
        await expectAllowed(
          req(me, "kms:Decrypt", bucketKey, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
          withKey,
        );
        await expectDenied(req(me, "kms:Decrypt", bucketKey), withKey);
        await expectDenied(
          req(me, "kms:Encrypt", bucketKey, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
          withKey,
        );
        const metric = req(me, "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": namespace });
        if (name === "analyzer-scheduled-role") {
          await expectAllowed(metric, id);
          await expectDenied(
            req(me, "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "AWS/Lambda" }),
            id,
          );
          await expectAllowed(req(me, "logs:PutLogEvents", `${logGroup}:log-stream:x`), id);
        } else {
          await expectDenied(metric, id);
          await expectDenied(req(me, "logs:PutLogEvents", `${logGroup}:log-stream:x`), id);
        }
      }
      const grant = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      };
      const stranger = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/reader/s`;
      await expectDenied(req(stranger, "s3:GetObject", `${bucket}/a.jsonl`), {
        identity: [grant],
        resource: bucketPolicy,
      });
      await expectDenied(req(ANONYMOUS, "s3:GetObject", `${bucket}/a.jsonl`), { resource: bucketPolicy });
      await expectDenied(req(stranger, "kms:Decrypt", bucketKey), {
        identity: [grant],
        resource: s.keyPolicy(bucketKey),
      });
    });

    it("the café instance's agent writes the two café log groups, its metrics and reads its config only", async () => {
      const role = s.named("aws:iam/role:Role", "cafe-role");
      const me = as(role);
      const id: PolicySet = { identity: s.inlinePolicies(role) };
      const param = s.named("aws:ssm/parameter:Parameter", "cafe-agent-config");
      const paramArn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${String(param.inputs.name)}`;
      const cafeGroups = ["apache/access", "apache/error"].map((g) => s.logGroupArn(g));
      for (const g of cafeGroups) {
        await expectAllowed(req(me, "logs:PutLogEvents", `${g}:log-stream:i-0abc/access_log`), id);
        await expectAllowed(req(me, "logs:CreateLogStream", `${g}:log-stream:i-0abc/access_log`), id);
        await expectDenied(req(me, "logs:DeleteLogGroup", g), id);
        await expectDenied(req(me, "logs:PutLogEvents", `${other(g)}:log-stream:x`), id);
      }
      for (const g of s.logGroupArns().filter((g) => !cafeGroups.includes(g)))
        await expectDenied(req(me, "logs:PutLogEvents", `${g}:log-stream:x`), id);
      await expectAllowed(
        req(me, "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "Cafe/Host" }),
        id,
      );
      await expectDenied(req(me, "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "Cafe" }), id);
      await expectAllowed(req(me, "ssm:GetParameter", paramArn), id);
      await expectDenied(req(me, "ssm:GetParameter", `${paramArn}-other`), id);
      await expectDenied(req(me, "ssm:GetParameter", other(paramArn)), id);
    });

    it("each ECS execution role pulls its own image and writes its own log group only", async () => {
      const roles = s.ofType("aws:iam/role:Role").filter((r) => r.name.endsWith("-execution-role"));
      expect(roles.map((r) => r.name).sort()).to.deep.equal([
        "analyzer-execution-role",
        "order-worker-execution-role",
      ]);
      for (const role of roles) {
        const app = role.name.replace(/-execution-role$/, "");
        const repo = s.arn(s.named("aws:ecr/repository:Repository", `${app}-images`));
        const others = s
          .ofType("aws:ecr/repository:Repository")
          .map((r) => s.arn(r))
          .filter((r) => r !== repo);
        const logGroup = s.containerLogGroup(s.arn(role));
        const me = as(role);
        const id: PolicySet = { identity: s.inlinePolicies(role) };
        await expectAllowed(req(me, "ecr:GetAuthorizationToken", "*"), id);
        for (const a of [
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
          "ecr:BatchCheckLayerAvailability",
        ]) {
          await expectAllowed(req(me, a, repo), id);
          for (const o of others) await expectDenied(req(me, a, o), id);
        }
        await expectDenied(req(me, "ecr:PutImage", repo), id);
        await expectAllowed(req(me, "logs:PutLogEvents", `${logGroup}:log-stream:ecs/x`), id);
        for (const g of s.logGroupArns().filter((g) => g !== logGroup))
          await expectDenied(req(me, "logs:PutLogEvents", `${g}:log-stream:x`), id);
      }
    });

    it("each logs key serves exactly the log groups (and anomaly detectors) that use it (finding 3)", async () => {
      const keys = s
        .ofType("aws:kms/key:Key")
        .filter((k) => String(k.inputs.policy).includes('"obskit-logs-key"'));
      expect(keys.length).to.be.greaterThan(2);
      const logs = `logs.${REGION}.amazonaws.com`;
      const ec = "kms:EncryptionContext:aws:logs:arn";
      const cryptoEc = "kms:EncryptionContext:aws-crypto-ec:aws:logs:arn";
      let detectors = 0;
      for (const key of keys) {
        const p: PolicySet = { resource: key.inputs.policy };
        const keyArn = s.arn(key);
        const groups = s.ofType("aws:cloudwatch/logGroup:LogGroup");
        const mine = groups.filter((g) => g.inputs.kmsKeyId === keyArn).map((g) => s.arn(g));
        expect(mine, key.name).to.have.length.greaterThan(0);
        for (const g of mine) {
          for (const a of ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt", "kms:DescribeKey"])
            await expectAllowed(req(logs, a, keyArn, { [ec]: g }), p);
          await expectDenied(req(logs, "kms:Decrypt", keyArn, { [ec]: other(g) }), p);
          await expectDenied(req("logs.us-east-1.amazonaws.com", "kms:Decrypt", keyArn, { [ec]: g }), p);
          await expectDenied(req(logs, "kms:CreateGrant", keyArn, { [ec]: g }), p);
        }
        for (const g of groups.filter((x) => x.inputs.kmsKeyId !== keyArn))
          await expectDenied(req(logs, "kms:Decrypt", keyArn, { [ec]: s.arn(g) }), p);
        await expectDenied(req(logs, "kms:Decrypt", keyArn), p);
        await expectDenied(req(ANONYMOUS, "kms:Decrypt", keyArn), p);
        await expectDenied(req(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/x/s`, "kms:Decrypt", keyArn), p);
        const mineDetectors = s
          .ofType("aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector")
          .filter((d) => d.inputs.kmsKeyId === keyArn);
        const detector = `arn:aws:logs:${REGION}:${ACCOUNT}:anomaly-detector:0123-abcd`;
        for (const context of [ec, cryptoEc]) {
          if (mineDetectors.length > 0) {
            await expectAllowed(req(logs, "kms:GenerateDataKey", keyArn, { [context]: detector }), p);
            await expectAllowed(req(logs, "kms:Decrypt", keyArn, { [context]: detector }), p);
            await expectDenied(req(logs, "kms:Decrypt", keyArn, { [context]: other(detector) }), p);
          } else {
            await expectDenied(req(logs, "kms:Decrypt", keyArn, { [context]: detector }), p);
          }
        }
        detectors += mineDetectors.length;
      }
      if (stackName === "prod")
        expect(detectors, "prod runs an anomaly detector on an encrypted group").to.be.greaterThan(0);
    });

    it("the alert topic and its key admit only this account's alarms, over TLS (finding 2)", async () => {
      const topic = s.named("aws:sns/topic:Topic", "alerts-topic");
      const topicArn = s.arn(topic);
      const keyArn = String(topic.inputs.kmsMasterKeyId);
      const onKey: PolicySet = { resource: s.keyPolicy(keyArn) };
      const onTopic: PolicySet = {
        resource: s.named("aws:sns/topicPolicy:TopicPolicy", "alerts-topic-policy").inputs.policy,
      };
      const alarm = s.alarmArn();
      const cw = (action: string, resource: string, alarmArn: string, extra: Record<string, string> = {}) =>
        req("cloudwatch.amazonaws.com", action, resource, {
          "aws:SourceAccount": alarmArn.split(":")[4],
          "aws:SourceArn": alarmArn,
          ...extra,
        });
      await expectAllowed(cw("sns:Publish", topicArn, alarm), onTopic);
      await expectAllowed(cw("kms:Decrypt", keyArn, alarm), onKey);
      await expectAllowed(cw("kms:GenerateDataKey", keyArn, alarm), onKey);
      await expectDenied(cw("sns:Publish", topicArn, other(alarm)), onTopic);
      await expectDenied(cw("kms:Decrypt", keyArn, other(alarm)), onKey);
      await expectDenied(cw("kms:GenerateDataKey", keyArn, other(alarm)), onKey);
      await expectDenied(req("cloudwatch.amazonaws.com", "kms:Decrypt", keyArn), onKey);
      await expectDenied(
        cw("sns:Publish", topicArn, alarm, { "aws:SecureTransport": "false" }),
        onTopic,
        true,
      );
      await expectDenied(req(ANONYMOUS, "sns:Publish", topicArn), onTopic);
      await expectDenied(req(ANONYMOUS, "kms:Decrypt", keyArn), onKey);
    });

    it("the audit trail's bucket, key and delivery role admit this trail only", async () => {
      const trail = s.ofType("aws:cloudtrail/trail:Trail")[0];
      const trailArn = s.arn(trail);
      const otherTrail = trailArn.replace(/trail\/.*/, "trail/another");
      const bucket = s.find("aws:s3/bucket:Bucket", (b) => b.state.bucket === trail.inputs.s3BucketName)!;
      const bucketPolicy = s.find(
        "aws:s3/bucketPolicy:BucketPolicy",
        (p) => p.inputs.bucket === bucket.state.id,
      )!;
      const onBucket: PolicySet = { resource: bucketPolicy.inputs.policy };
      const ct = "cloudtrail.amazonaws.com";
      const acl = { "s3:x-amz-acl": "bucket-owner-full-control" };
      const object = `${s.arn(bucket)}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/01/01/f.json.gz`;
      await expectAllowed(req(ct, "s3:PutObject", object, { ...acl, "aws:SourceArn": trailArn }), onBucket);
      await expectDenied(req(ct, "s3:PutObject", object, { ...acl, "aws:SourceArn": otherTrail }), onBucket);
      await expectDenied(req(ct, "s3:PutObject", object, { "aws:SourceArn": trailArn }), onBucket);
      await expectDenied(
        req(ct, "s3:PutObject", object.replace(`/AWSLogs/${ACCOUNT}/`, `/AWSLogs/${OTHER_ACCOUNT}/`), {
          ...acl,
          "aws:SourceArn": trailArn,
        }),
        onBucket,
      );
      await expectAllowed(req(ct, "s3:GetBucketAcl", s.arn(bucket), { "aws:SourceArn": trailArn }), onBucket);
      await expectDenied(
        req(ct, "s3:GetBucketAcl", s.arn(bucket), { "aws:SourceArn": otherTrail }),
        onBucket,
      );
      await expectDenied(req(ANONYMOUS, "s3:GetObject", object), onBucket);

      const keyArn = String(trail.inputs.kmsKeyId);
      const onKey: PolicySet = { resource: s.keyPolicy(keyArn) };
      const ec = "kms:EncryptionContext:aws:cloudtrail:arn";
      await expectAllowed(
        req(ct, "kms:GenerateDataKey", keyArn, { [ec]: trailArn, "aws:SourceArn": trailArn }),
        onKey,
      );
      await expectDenied(
        req(ct, "kms:GenerateDataKey", keyArn, { [ec]: otherTrail, "aws:SourceArn": trailArn }),
        onKey,
      );
      await expectDenied(
        req(ct, "kms:GenerateDataKey", keyArn, { [ec]: trailArn, "aws:SourceArn": otherTrail }),
        onKey,
      );

      const role = s.find("aws:iam/role:Role", (r) => s.arn(r) === trail.inputs.cloudWatchLogsRoleArn)!;
      const group = String(trail.inputs.cloudWatchLogsGroupArn).replace(/:\*$/, "");
      const id: PolicySet = { identity: s.inlinePolicies(role) };
      await expectAllowed(
        req(as(role), "logs:PutLogEvents", `${group}:log-stream:${ACCOUNT}_CloudTrail_${REGION}`),
        id,
      );
      for (const g of s.logGroupArns().filter((g) => g !== group))
        await expectDenied(
          req(as(role), "logs:PutLogEvents", `${g}:log-stream:${ACCOUNT}_CloudTrail_${REGION}`),
          id,
        );
    });

    it("has no SQS queue policy (the dead-letter queue is reached through IAM only)", () => {
      expect(s.ofType("aws:sqs/queuePolicy:QueuePolicy")).to.deep.equal([]);
      expect(s.ofType("aws:sqs/queue:Queue").filter((q) => q.inputs.policy !== undefined)).to.deep.equal([]);
    });

    it("each Lambda invoke permission admits only its own log group or schedule, of this account", async () => {
      const permissions = s.ofType("aws:lambda/permission:Permission");
      expect(permissions.length).to.be.greaterThan(1);
      for (const perm of permissions) {
        const fn = s.find("aws:lambda/function:Function", (f) => f.state.name === perm.inputs.function)!;
        const fnArn = s.arn(fn);
        const principal = String(perm.inputs.principal);
        const condition: Record<string, Record<string, string>> = {};
        if (perm.inputs.sourceAccount)
          condition.StringEquals = { "aws:SourceAccount": String(perm.inputs.sourceAccount) };
        if (perm.inputs.sourceArn) condition.ArnLike = { "aws:SourceArn": String(perm.inputs.sourceArn) };
        // What Lambda's AddPermission stores as the function's resource policy.
        const lambdaPolicy = {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: principal },
              Action: String(perm.inputs.action),
              Resource: fnArn,
              Condition: condition,
            },
          ],
        };
        expect(grammarErrors({ kind: "resource", field: "policy", document: lambdaPolicy })).to.deep.equal(
          [],
        );
        // The intended source, from the plan: the subscription filter or the schedule targeting the function.
        const sources: string[] = [];
        for (const f of s.ofType("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter"))
          if (f.inputs.destinationArn === fnArn)
            sources.push(`${s.logGroupArn(String(f.inputs.logGroup))}:*`);
        for (const t of s.ofType("aws:cloudwatch/eventTarget:EventTarget"))
          if (t.inputs.arn === fnArn)
            sources.push(
              s.arn(s.find("aws:cloudwatch/eventRule:EventRule", (r) => r.state.name === t.inputs.rule)!),
            );
        expect(sources, perm.name).to.have.length(1);
        const source = sources[0];
        const p: PolicySet = { resource: lambdaPolicy };
        const invoke = (who: string, context: Record<string, string> = {}) =>
          req(who, "lambda:InvokeFunction", fnArn, context);
        await expectAllowed(invoke(principal, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": source }), p);
        await expectDenied(
          invoke(principal, { "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": other(source) }),
          p,
        );
        await expectDenied(invoke(principal), p);
        const elsewhere = source.startsWith("arn:aws:logs")
          ? `${s.logGroupArns().find((g) => `${g}:*` !== source)!}:*`
          : `arn:aws:events:${REGION}:${ACCOUNT}:rule/another-rule`;
        await expectDenied(
          invoke(principal, { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": elsewhere }),
          p,
        );
        await expectDenied(
          invoke("s3.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": source }),
          p,
        );
        await expectDenied(invoke(ANONYMOUS), p);
      }
    });
  });
}
