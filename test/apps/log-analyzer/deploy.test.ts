import { expect } from "chai";
import { LogAnalyzerService, type LogAnalyzerServiceArgs } from "../../../apps/log-analyzer/deploy";
import { AlertingPath, LogPipeline } from "../../../components";
import type { MockRun, PlannedResource } from "../../../cli/plan/mockRuntime";
import { actions, ofType, one, parsePolicy, runProgram } from "../../support/mocks";

function service(args: Partial<LogAnalyzerServiceArgs> = {}): Promise<MockRun> {
  return runProgram(() => {
    const logs = new LogPipeline("analyzer-logs", { logGroupName: "/log-analyzer/service" });
    const alerting = new AlertingPath("alerts", { alarmNamePrefix: "dev" });
    new LogAnalyzerService("analyzer", { logs, alerting, errorThreshold: 3, ...args });
  });
}

const sgIngress = (sg: PlannedResource) => sg.inputs.ingress as Record<string, unknown>[];

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

  it("without CloudFront, serves HTTP on the ALB to the internet", () => {
    expect(ofType(run, "aws:cloudfront/distribution:Distribution")).to.have.length(0);
    const [ingress] = sgIngress(one(run, "aws:ec2/securityGroup:SecurityGroup", "analyzer-alb-sg"));
    expect(ingress).to.deep.include({ fromPort: 80, cidrBlocks: ["0.0.0.0/0"] });
    expect(one(run, "aws:lb/listener:Listener").inputs.defaultActions).to.deep.equal([
      { type: "forward", targetGroupArn: one(run, "aws:lb/targetGroup:TargetGroup").state.arn },
    ]);
  });

  it("with CloudFront, lets only CloudFront's origin-facing prefix list reach the ALB", async () => {
    const r = await service({ cloudFront: true });
    const lookup = r.calls.find((c) => c.token === "aws:ec2/getManagedPrefixList:getManagedPrefixList");
    expect(lookup?.inputs).to.deep.include({ name: "com.amazonaws.global.cloudfront.origin-facing" });
    const ingress = sgIngress(one(r, "aws:ec2/securityGroup:SecurityGroup", "analyzer-alb-sg"));
    expect(ingress).to.have.length(1);
    expect(ingress[0]).to.deep.include({ fromPort: 80, prefixListIds: [lookup?.result.id] });
    expect(ingress[0].cidrBlocks).to.equal(undefined);
    const cdn = one(r, "aws:cloudfront/distribution:Distribution");
    const alb = one(r, "aws:lb/loadBalancer:LoadBalancer");
    expect((cdn.inputs.origins as { domainName: string }[])[0].domainName).to.equal(alb.state.dnsName);
    expect((cdn.inputs.defaultCacheBehavior as Record<string, unknown>).viewerProtocolPolicy).to.equal(
      "redirect-to-https",
    );
  });

  it("with a certificate, listens on HTTPS and redirects HTTP", async () => {
    const r = await service({ certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x" });
    const https = one(r, "aws:lb/listener:Listener", "analyzer-https");
    expect(https.inputs).to.deep.include({
      port: 443,
      protocol: "HTTPS",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
    });
    expect(one(r, "aws:lb/listener:Listener", "analyzer-http").inputs.defaultActions).to.deep.equal([
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
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
