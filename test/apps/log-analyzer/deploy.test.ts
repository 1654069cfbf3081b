import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  LogAnalyzerService,
  validateLogAnalyzerServiceArgs,
  type LogAnalyzerServiceArgs,
} from "../../../apps/log-analyzer/deploy";
import { AlertingPath, LogPipeline } from "../../../components";
import type { MockRun, PlannedResource } from "../../../cli/plan/mockRuntime";
import { expectProblems, problemsIn, thrown } from "../../support/errors";
import { actions, ofType, one, parsePolicy, runProgram } from "../../support/mocks";

/** Only for validation: the functions never read logs and alerting. */
const BASE = {} as Pick<LogAnalyzerServiceArgs, "logs" | "alerting">;

function service(args: Partial<LogAnalyzerServiceArgs> = {}): Promise<MockRun> {
  return runProgram(() => {
    const logs = new LogPipeline("analyzer-logs", { logGroupName: "/log-analyzer/service" });
    const alerting = new AlertingPath("alerts", { alarmNamePrefix: "dev" });
    new LogAnalyzerService("analyzer", { logs, alerting, errorThreshold: 3, ...args });
  });
}

const sgIngress = (sg: PlannedResource) => sg.inputs.ingress as Record<string, unknown>[];

/** The value of an input Pulumi keeps encrypted in state; fails when the input is not secret. */
function secretInput<T>(v: unknown, what: string): T {
  const envelope = v as Record<string, unknown> | undefined;
  expect(envelope?.[pulumi.runtime.specialSigKey], `${what} is secret`).to.equal(
    pulumi.runtime.specialSecretSig,
  );
  return envelope!.value as T;
}

describe("LogAnalyzerService (seed 004 on AWS)", () => {
  let run: MockRun;
  let bucket: PlannedResource;
  before(async () => {
    run = await service();
    bucket = one(run, "aws:s3/bucket:Bucket");
  });

  it("keeps the JSONL in a CMK-encrypted, versioned, private, TLS-only bucket", () => {
    const name = bucket.state.bucket;
    const key = one(run, "aws:kms/key:Key", "analyzer-bucket-key");
    expect(
      one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
        .inputs,
    ).to.deep.equal({
      bucket: name,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.state.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    expect(one(run, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).to.deep.equal(
      { status: "Enabled" },
    );
    expect(one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.deep.equal({
      bucket: name,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const [deny] = parsePolicy(one(run, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement;
    expect(deny).to.deep.include({ Effect: "Deny", Principal: "*", Action: "s3:*" });
    expect(deny.Resource).to.deep.equal([bucket.state.arn, `${String(bucket.state.arn)}/*`]);
    expect(deny.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": false } });
  });

  it("lets the API's task only list and read that bucket, and decrypt through S3", () => {
    const key = one(run, "aws:kms/key:Key", "analyzer-bucket-key");
    const statements = parsePolicy(
      one(run, "aws:iam/rolePolicy:RolePolicy", "analyzer-task-policy").inputs.policy,
    ).Statement;
    expect(statements.map((s) => [actions(s), s.Resource])).to.deep.equal([
      [["s3:ListBucket"], bucket.state.arn],
      [["s3:GetObject"], `${String(bucket.state.arn)}/*`],
      [["kms:Decrypt"], key.state.arn],
    ]);
    expect(statements[2].Condition).to.deep.equal({
      StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
    });
  });

  it("runs the API on Fargate behind the ALB, allowed to read only its own bucket, logging into the pipeline", () => {
    const svc = one(run, "awsx:ecs:FargateService");
    const td = svc.inputs.taskDefinitionArgs as Record<string, unknown>;
    const c = td.container as {
      portMappings: { containerPort: number; targetGroup: unknown }[];
      environment: { name: string; value: string }[];
      logConfiguration: { options: Record<string, string> };
    };
    const tg = one(run, "aws:lb/targetGroup:TargetGroup");
    expect(c.portMappings[0].containerPort).to.equal(8080);
    expect(c.portMappings[0].targetGroup).to.equal(tg.urn);
    expect(c.environment).to.deep.include({ name: "ALLOWED_BUCKETS", value: bucket.state.bucket });
    expect(c.logConfiguration.options["awslogs-group"]).to.equal("/log-analyzer/service");
    expect(td.taskRole).to.deep.equal({
      roleArn: one(run, "aws:iam/role:Role", "analyzer-task-role").state.arn,
    });
    expect(td.logGroup).to.deep.equal({ skip: true });
  });

  it("health-checks /healthz and lets only the ALB reach the tasks", () => {
    const tg = one(run, "aws:lb/targetGroup:TargetGroup");
    expect(tg.inputs).to.deep.include({ port: 8080, protocol: "HTTP", targetType: "ip" });
    expect(tg.inputs.healthCheck).to.deep.include({ path: "/healthz", matcher: "200" });
    const albSg = one(run, "aws:ec2/securityGroup:SecurityGroup", "analyzer-alb-sg");
    const [ingress] = sgIngress(one(run, "aws:ec2/securityGroup:SecurityGroup", "analyzer-task-sg"));
    expect(ingress).to.deep.include({ fromPort: 8080, toPort: 8080, securityGroups: [albSg.state.id] });
    expect(ingress.cidrBlocks).to.equal(undefined);
  });

  it("by default, puts the ALB on private addresses, reachable only through a CloudFront VPC origin", () => {
    const alb = one(run, "aws:lb/loadBalancer:LoadBalancer");
    expect(alb.inputs.internal).to.equal(true);
    const origin = one(run, "aws:cloudfront/vpcOrigin:VpcOrigin");
    expect(origin.inputs.vpcOriginEndpointConfig).to.deep.include({
      arn: alb.state.arn,
      httpPort: 80,
      originProtocolPolicy: "http-only",
    });
    const cdn = one(run, "aws:cloudfront/distribution:Distribution");
    const [o] = secretInput<Record<string, unknown>[]>(cdn.inputs.origins, "the origins");
    expect(o.vpcOriginConfig).to.deep.include({ vpcOriginId: origin.state.id });
    expect(o.customOriginConfig, "a public custom origin").to.equal(undefined);
    expect(o.domainName).to.equal(alb.state.dnsName);
    expect((cdn.inputs.defaultCacheBehavior as Record<string, unknown>).viewerProtocolPolicy).to.equal(
      "redirect-to-https",
    );
  });

  it("admits only CloudFront's VPC-origin interfaces to the ALB: no CIDR, no origin-facing prefix list", () => {
    const albSg = one(run, "aws:ec2/securityGroup:SecurityGroup", "analyzer-alb-sg");
    expect(albSg.inputs.ingress, "inline ingress").to.equal(undefined);
    expect(run.calls.map((c) => c.token)).not.to.include("aws:ec2/getManagedPrefixList:getManagedPrefixList");
    const lookup = run.calls.find((c) => c.token === "aws:ec2/getSecurityGroup:getSecurityGroup");
    expect(lookup?.inputs).to.deep.equal({ name: "CloudFront-VPCOrigins-Service-SG", vpcId: "vpc-00000000" });
    const [rule, ...others] = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(others).to.have.length(0);
    expect(rule.inputs).to.deep.include({
      securityGroupId: albSg.state.id,
      referencedSecurityGroupId: lookup?.result.id,
      ipProtocol: "tcp",
      fromPort: 80,
      toPort: 80,
    });
    for (const field of ["cidrIpv4", "cidrIpv6", "prefixListId"])
      expect(rule.inputs[field], field).to.equal(undefined);
    // the group exists only once the VPC origin does; and the rule goes before the origin on destroy
    expect(rule.dependencies).to.include(one(run, "aws:cloudfront/vpcOrigin:VpcOrigin").urn);
  });

  it("answers 403 at the ALB unless the request carries CloudFront's origin secret header", () => {
    const listener = one(run, "aws:lb/listener:Listener");
    expect(listener.inputs).to.deep.include({ port: 80, protocol: "HTTP" });
    const [deny] = listener.inputs.defaultActions as {
      type: string;
      fixedResponse: { statusCode: string };
    }[];
    expect(deny.type).to.equal("fixed-response");
    expect(deny.fixedResponse.statusCode).to.equal("403");
    const secret = one(run, "aws:ssm/parameter:Parameter", "analyzer-origin-secret");
    const value = secretInput<string>(secret.inputs.value, "the parameter's value");
    const rule = one(run, "aws:lb/listenerRule:ListenerRule");
    expect(rule.inputs).to.deep.include({ listenerArn: listener.state.arn, priority: 1 });
    expect(secretInput(rule.inputs.conditions, "the rule's conditions")).to.deep.equal([
      { httpHeader: { httpHeaderName: "X-Origin-Verify", values: [value] } },
    ]);
    expect(rule.inputs.actions).to.deep.equal([
      { type: "forward", targetGroupArn: one(run, "aws:lb/targetGroup:TargetGroup").state.arn },
    ]);
    const [o] = secretInput<{ customHeaders: unknown[] }[]>(
      one(run, "aws:cloudfront/distribution:Distribution").inputs.origins,
      "the origins",
    );
    expect(o.customHeaders).to.deep.equal([{ name: "X-Origin-Verify", value }]);
    // the ECS service registers its tasks only once requests can be forwarded to them
    expect(one(run, "awsx:ecs:FargateService").dependencies).to.include.members([listener.urn, rule.urn]);
  });

  it("makes the origin secret 256 random bits, kept encrypted and stable across deployments", async () => {
    const secret = one(run, "aws:ssm/parameter:Parameter", "analyzer-origin-secret");
    expect(secret.inputs.type).to.equal("SecureString");
    // hex: ALB header conditions compare case-insensitively and treat * and ? as wildcards
    const value = secretInput<string>(secret.inputs.value, "the parameter's value");
    expect(value).to.match(/^[0-9a-f]{64}$/);
    expect(secret.ignoreChanges).to.deep.equal(["value"]);
    const again = one(await service(), "aws:ssm/parameter:Parameter", "analyzer-origin-secret");
    expect(secretInput(again.inputs.value, "the value"), "a value derivable from the program").not.to.equal(
      value,
    );
  });

  it("behind CloudFront with a certificate, reaches the ALB over HTTPS only", async () => {
    const cert = "arn:aws:acm:eu-west-1:123456789012:certificate/x";
    const r = await service({ certificateArn: cert, originDomainName: "analyzer-origin.example.com" });
    const origin = one(r, "aws:cloudfront/vpcOrigin:VpcOrigin");
    expect(origin.inputs.vpcOriginEndpointConfig).to.deep.include({
      httpsPort: 443,
      originProtocolPolicy: "https-only",
      originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
    });
    const listener = one(r, "aws:lb/listener:Listener");
    expect(listener.inputs).to.deep.include({ port: 443, protocol: "HTTPS", certificateArn: cert });
    expect(one(r, "aws:lb/listenerRule:ListenerRule").inputs.listenerArn).to.equal(listener.state.arn);
    const ingress = one(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(ingress.inputs).to.deep.include({ fromPort: 443, toPort: 443 });
    const [o] = secretInput<{ domainName: string }[]>(
      one(r, "aws:cloudfront/distribution:Distribution").inputs.origins,
      "the origins",
    );
    expect(o.domainName, "the name the certificate covers").to.equal("analyzer-origin.example.com");
  });

  it("rejects a schedule EventBridge would refuse at PutRule, naming the fix", () => {
    const problems = validateLogAnalyzerServiceArgs({ ...BASE, schedule: "rate(5 minute)" });
    expectProblems(problems, [{ propertyPath: "schedule", value: "rate(5 minute)" }]);
    expect(problems[0].reason).to.equal("must use the plural unit for 5: rate(5 minutes)");
    expect(problems[0].fix, "the fix").to.contain("rate(5 minutes)");
    expect(validateLogAnalyzerServiceArgs({ ...BASE, schedule: "cron(0 18 ? * MON-FRI *)" })).to.deep.equal(
      [],
    );
  });

  it("rejects a CloudFront HTTPS origin without the name its certificate covers, and stray origin names", () => {
    const cert = "arn:aws:acm:eu-west-1:123456789012:certificate/x";
    const missing = validateLogAnalyzerServiceArgs({ ...BASE, certificateArn: cert });
    expectProblems(missing, [{ propertyPath: "originDomainName", value: undefined }]);
    expect(missing[0].fix).to.contain("analyzer-origin.example.com");
    const stray = validateLogAnalyzerServiceArgs({
      ...BASE,
      exposure: "public-alb",
      originDomainName: "a.example.com",
    });
    expectProblems(stray, [{ propertyPath: "originDomainName", value: "a.example.com" }]);
    expect(stray[0].reason).to.contain('"public-alb"').and.contain("no certificateArn");
    expectProblems(
      validateLogAnalyzerServiceArgs({ ...BASE, certificateArn: cert, originDomainName: "Not A Name" }),
      [{ propertyPath: "originDomainName", value: "Not A Name" }],
    );
    const exposure = validateLogAnalyzerServiceArgs({
      ...BASE,
      exposure: "public" as unknown as "public-alb",
    });
    expectProblems(exposure, [{ propertyPath: "exposure", value: "public" }]);
    expect(exposure[0].fix).to.contain('"cloudfront", "public-alb"');
    const err = thrown(
      () =>
        new LogAnalyzerService("bad", {
          ...BASE,
          certificateArn: cert,
        }),
    );
    expect(err.message).to.match(/^LogAnalyzerService "bad": /);
    expectProblems(problemsIn(err, "LogAnalyzerService", "bad"), [{ propertyPath: "originDomainName" }]);
  });

  describe('with exposure "public-alb"', () => {
    let pub: MockRun;
    before(async () => {
      pub = await service({ exposure: "public-alb" });
    });

    it("serves HTTP on an internet-facing ALB to everyone, without CloudFront", () => {
      expect(one(pub, "aws:lb/loadBalancer:LoadBalancer").inputs.internal).to.equal(false);
      for (const type of [
        "aws:cloudfront/distribution:Distribution",
        "aws:cloudfront/vpcOrigin:VpcOrigin",
        "aws:ssm/parameter:Parameter",
        "aws:lb/listenerRule:ListenerRule",
      ])
        expect(ofType(pub, type), type).to.have.length(0);
      const ingress = sgIngress(one(pub, "aws:ec2/securityGroup:SecurityGroup", "analyzer-alb-sg"));
      expect(ingress).to.have.length(1);
      expect(ingress[0]).to.deep.include({
        fromPort: 80,
        cidrBlocks: ["0.0.0.0/0"],
        ipv6CidrBlocks: ["::/0"],
      });
      expect(one(pub, "aws:lb/listener:Listener").inputs.defaultActions).to.deep.equal([
        { type: "forward", targetGroupArn: one(pub, "aws:lb/targetGroup:TargetGroup").state.arn },
      ]);
    });

    it("with a certificate, listens on HTTPS and redirects HTTP, both reachable", async () => {
      const r = await service({
        exposure: "public-alb",
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
      });
      const https = one(r, "aws:lb/listener:Listener", "analyzer-https");
      expect(https.inputs).to.deep.include({
        port: 443,
        protocol: "HTTPS",
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
      });
      expect(one(r, "aws:lb/listener:Listener", "analyzer-http").inputs.defaultActions).to.deep.equal([
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ]);
      const ingress = sgIngress(one(r, "aws:ec2/securityGroup:SecurityGroup", "analyzer-alb-sg"));
      expect(ingress.map((i) => i.fromPort)).to.deep.equal([80, 443]);
    });
  });

  it("runs the same core on a schedule, publishing ErrorCount to one namespace only", () => {
    const fn = one(run, "aws:lambda/function:Function");
    const rule = one(run, "aws:cloudwatch/eventRule:EventRule");
    const target = one(run, "aws:cloudwatch/eventTarget:EventTarget");
    const perm = one(run, "aws:lambda/permission:Permission");
    expect(rule.inputs.scheduleExpression).to.equal("rate(5 minutes)");
    expect(target.inputs).to.deep.include({ rule: rule.state.name, arn: fn.state.arn });
    expect(perm.inputs).to.deep.include({ principal: "events.amazonaws.com", sourceArn: rule.state.arn });
    expect((fn.inputs.environment as { variables: Record<string, string> }).variables).to.deep.include({
      BUCKET: bucket.state.bucket,
      THRESHOLD: "3",
      METRIC_NAMESPACE: "obskit/LogAnalyzer",
    });
    expect((fn.inputs.tags as Record<string, string>)["obskit:emits"]).to.equal(
      "obskit/LogAnalyzer/ErrorCount",
    );
    const statements = parsePolicy(
      one(run, "aws:iam/rolePolicy:RolePolicy", "analyzer-scheduled-policy").inputs.policy,
    ).Statement;
    const put = statements.find((s) => actions(s).includes("cloudwatch:PutMetricData"));
    expect(put?.Condition).to.deep.equal({ StringEquals: { "cloudwatch:namespace": "obskit/LogAnalyzer" } });
    expect(statements.flatMap(actions).sort()).to.deep.equal([
      "cloudwatch:PutMetricData",
      "kms:Decrypt",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "s3:GetObject",
      "s3:ListBucket",
    ]);
  });

  it("alarms on the ALB's and the targets' 5xx, and on the analysed error count", () => {
    const alb = one(run, "aws:lb/loadBalancer:LoadBalancer");
    const elb = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "analyzer-elb-5xx");
    const target = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "analyzer-target-5xx");
    const errors = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "analyzer-errors");
    expect(elb.inputs).to.deep.include({
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      threshold: 5,
    });
    expect(target.inputs).to.deep.include({ metricName: "HTTPCode_Target_5XX_Count" });
    expect(elb.inputs.dimensions).to.deep.equal({ LoadBalancer: alb.state.arnSuffix });
    expect(errors.inputs).to.deep.include({
      name: "dev-analyzer-errors",
      namespace: "obskit/LogAnalyzer",
      metricName: "ErrorCount",
      threshold: 3,
      statistic: "Maximum",
    });
    expect(errors.dependencies).to.include(one(run, "aws:lambda/function:Function").urn);
  });
});
