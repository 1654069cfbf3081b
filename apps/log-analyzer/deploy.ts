import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "node:crypto";
import * as path from "node:path";
import { bundleLambdaOnce, LAMBDA_HANDLER, LAMBDA_RUNTIME } from "../../components/shared/lambda";
import { containerBase } from "../containers";
import {
  accountRootAdmin,
  assumeRolePolicy,
  bucketReaderStatements,
  logWriteStatement,
  Metric,
  policy,
  putMetricDataStatement,
  tlsOnlyBucketPolicy,
  toJson,
  type AlertingPath,
  type LogPipeline,
} from "../../components";
import type { AlarmSpec } from "../../components/alertingPath/alarms";
import { assertValid } from "../../components/errors";
import { componentTags, EMITS_TAG } from "../../components/tags";
import { ANALYZER_METRICS } from "./src/metrics";

/** How the API is reached from the internet. */
export const ANALYZER_EXPOSURES = ["cloudfront", "public-alb"] as const;
export type AnalyzerExposure = (typeof ANALYZER_EXPOSURES)[number];
/**
 * The security group CloudFront creates in a VPC with its first VPC origin; the elastic network
 * interfaces through which every VPC origin of the account in that VPC reaches its origin carry it.
 */
export const CLOUDFRONT_VPC_ORIGIN_SG = "CloudFront-VPCOrigins-Service-SG";
/** The header CloudFront adds to every origin request and the ALB requires (defence in depth). */
export const ORIGIN_SECRET_HEADER = "X-Origin-Verify";
/** AWS managed CloudFront policies: no caching; forward everything but the Host header. */
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const PORT = 8080;

/** The defaults of LogAnalyzerServiceArgs, written once (the README's config table states the same). */
export const LOG_ANALYZER_DEFAULTS = {
  prefix: "",
  errorThreshold: 1,
  schedule: "rate(5 minutes)",
  http5xxThreshold: 5,
  exposure: "cloudfront" as "cloudfront" | "public-alb",
  desiredCount: 1,
  cpu: 256,
  memory: 512,
  protect: false,
};

export interface LogAnalyzerServiceArgs {
  /** Pipeline whose log group receives the service's and the scheduled run's logs. */
  logs: LogPipeline;
  /** Alerting path for the 5xx and error-threshold alarms. */
  alerting: AlertingPath;
  /** Key prefix the scheduled run analyses the latest object under. @default "" (the whole bucket) */
  prefix?: string;
  /** Error count at which the scheduled run's alarm fires. @default 1 */
  errorThreshold?: number;
  /** EventBridge schedule of the run. @default "rate(5 minutes)" */
  schedule?: string;
  /** 5xx responses per 5 minutes (ALB-generated or from targets) that fire the 5xx alarms. @default 5 */
  http5xxThreshold?: number;
  /**
   * How the API is reached. `"cloudfront"`: an **internal** ALB reached only through a CloudFront
   * VPC origin; its security group admits only CloudFront's VPC-origin interfaces
   * ({@link CLOUDFRONT_VPC_ORIGIN_SG}) and its listener answers 403 unless the request carries the
   * origin secret header ({@link ORIGIN_SECRET_HEADER}). `"public-alb"`: an internet-facing ALB open
   * to 0.0.0.0/0 and ::/0 (a development convenience). @default "cloudfront"
   */
  exposure?: AnalyzerExposure;
  /**
   * ACM certificate (in the ALB's region) for an HTTPS listener on the ALB. With `"cloudfront"`,
   * CloudFront then reaches the ALB over HTTPS only (TLS 1.2) and `originDomainName` is required;
   * with `"public-alb"`, port 80 redirects to 443. @default none (HTTP only)
   */
  certificateArn?: pulumi.Input<string>;
  /**
   * With `"cloudfront"` and a certificate: the DNS name CloudFront uses for the origin (SNI, Host)
   * and validates the ALB's certificate against; the certificate must cover it.
   * @default none (only allowed, and then required, with "cloudfront" and a certificateArn)
   */
  originDomainName?: string;
  /** Number of tasks. @default 1 */
  desiredCount?: number;
  /** Task CPU units. @default 256 */
  cpu?: number;
  /** Task memory in MiB. @default 512 */
  memory?: number;
  /** Protect the bucket and its key; otherwise they are deleted with the stack. @default false */
  protect?: boolean;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** Every problem with `args`, each naming the field, the value and the fix (empty when valid). */
export function validateLogAnalyzerServiceArgs(args: LogAnalyzerServiceArgs): string[] {
  const problems: string[] = [];
  const exposure: unknown = args.exposure ?? LOG_ANALYZER_DEFAULTS.exposure;
  if (!(ANALYZER_EXPOSURES as readonly unknown[]).includes(exposure)) {
    problems.push(
      `exposure must be one of ${ANALYZER_EXPOSURES.map((e) => `"${e}"`).join(", ")} (got ${JSON.stringify(exposure)})`,
    );
  } else if (
    exposure === "cloudfront" &&
    args.certificateArn !== undefined &&
    args.originDomainName === undefined
  ) {
    problems.push(
      'originDomainName is required with exposure "cloudfront" and a certificateArn (got nothing): set it to the DNS name the certificate covers, e.g. analyzer-origin.example.com',
    );
  }
  if (args.originDomainName !== undefined) {
    if (exposure !== "cloudfront" || args.certificateArn === undefined) {
      problems.push(
        `originDomainName is used only with exposure "cloudfront" and a certificateArn (got ${JSON.stringify(args.originDomainName)} with exposure ${JSON.stringify(exposure)}${args.certificateArn === undefined ? " and no certificateArn" : ""}): remove it or set both`,
      );
    } else if (!DNS_NAME.test(args.originDomainName)) {
      problems.push(
        `originDomainName must be a lower-case DNS name such as analyzer-origin.example.com (got ${JSON.stringify(args.originDomainName)})`,
      );
    }
  }
  return problems;
}

/**
 * Seed 004 on AWS: the JSONL bucket (CMK, versioned, public access blocked, TLS-only), the analyzer's
 * HTTP API on Fargate behind an Application Load Balancer (by default an internal ALB reached only
 * through a CloudFront VPC origin and an origin secret header; optionally a public ALB), its task
 * allowed only to list and read that bucket, a scheduled run (EventBridge → Lambda on the same
 * core) publishing the error count as a metric, and alarms on 5xx and on the error threshold.
 */
export class LogAnalyzerService extends pulumi.ComponentResource {
  /** The JSONL bucket's name. */
  readonly bucketName: pulumi.Output<string>;
  /** Public URL of the API (CloudFront's when enabled, else the ALB's). */
  readonly url: pulumi.Output<string>;
  /** The ALB's DNS name. */
  readonly albDnsName: pulumi.Output<string>;
  /** The ECS service name. */
  readonly serviceName: pulumi.Output<string>;
  /** The scheduled function's name. */
  readonly scheduledFunctionName: pulumi.Output<string>;
  /** The error-count metric the scheduled run publishes. */
  readonly errorMetric: Metric;
  /** Alarm names by key (`Elb5xx`, `Target5xx`, `AnalyzerErrors`). */
  readonly alarmNames: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: LogAnalyzerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:apps:LogAnalyzerService", name, {}, opts);
    assertValid("LogAnalyzerService", name, validateLogAnalyzerServiceArgs(args));
    const exposure = args.exposure ?? LOG_ANALYZER_DEFAULTS.exposure;
    const tags = componentTags("LogAnalyzerService", args.tags);
    const protect = args.protect ?? LOG_ANALYZER_DEFAULTS.protect;
    const keep = { protect, retainOnDelete: protect };
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });

    // ---- the JSONL bucket -------------------------------------------------------------------
    const bucketKey = new aws.kms.Key(
      `${name}-bucket-key`,
      {
        description: `obskit: ${name} JSONL log bucket`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: identity.accountId.apply((acct) =>
          toJson(policy([accountRootAdmin(acct)], "obskit-analyzer-bucket-key")),
        ),
        tags,
      },
      { parent: this, ...keep },
    );
    const bucket = new aws.s3.Bucket(
      `${name}-logs`,
      { forceDestroy: !protect, tags },
      { parent: this, ...keep },
    );
    this.bucketName = bucket.bucket;
    new aws.s3.BucketOwnershipControls(
      `${name}-logs-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-logs-public-access`,
      {
        bucket: bucket.bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    new aws.s3.BucketVersioning(
      `${name}-logs-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-logs-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: bucketKey.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      { parent: this },
    );
    new aws.s3.BucketPolicy(
      `${name}-logs-tls-only`,
      { bucket: bucket.id, policy: bucket.arn.apply((arn) => toJson(tlsOnlyBucketPolicy(arn))) },
      { parent: this, dependsOn: [publicAccess] },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-logs-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-old-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: 30 },
          },
          {
            id: "abort-incomplete-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: this },
    );
    const readerStatements = pulumi
      .all([region.region, bucket.arn, bucketKey.arn])
      .apply(([r, bucketArn, bucketKeyArn]) =>
        bucketReaderStatements({ region: r, bucketArn, bucketKeyArn }),
      );

    // ---- network: a private ALB behind a CloudFront VPC origin, or a public ALB ------------------
    const viaCloudFront = exposure === "cloudfront";
    const vpc = aws.ec2.getVpcOutput({ default: true }, { parent: this });
    const subnets = aws.ec2.getSubnetsOutput(
      {
        filters: [
          { name: "vpc-id", values: [vpc.id] },
          { name: "default-for-az", values: ["true"] },
        ],
      },
      { parent: this },
    );
    const https = args.certificateArn !== undefined;
    // behind CloudFront the ALB listens on one port only: the one CloudFront's VPC origin uses
    const ports = viaCloudFront ? [https ? 443 : 80] : https ? [80, 443] : [80];
    const albSg = new aws.ec2.SecurityGroup(
      `${name}-alb-sg`,
      {
        vpcId: vpc.id,
        description: viaCloudFront
          ? "ALB: only from this account's CloudFront VPC origins"
          : "ALB: HTTP(S) from the internet",
        // behind CloudFront, the one ingress rule is a separate resource (below): its source exists
        // only once the VPC origin does
        ...(viaCloudFront
          ? {}
          : {
              ingress: ports.map((port) => ({
                protocol: "tcp",
                fromPort: port,
                toPort: port,
                cidrBlocks: ["0.0.0.0/0"],
                ipv6CidrBlocks: ["::/0"],
                description: "public (exposure: public-alb)",
              })),
            }),
        egress: [
          {
            protocol: "tcp",
            fromPort: PORT,
            toPort: PORT,
            cidrBlocks: [vpc.cidrBlock],
            description: "to the tasks",
          },
        ],
        tags,
      },
      { parent: this },
    );
    const taskSg = new aws.ec2.SecurityGroup(
      `${name}-task-sg`,
      {
        vpcId: vpc.id,
        description: "analyzer tasks: only the ALB may connect; HTTPS out to S3 and ECR",
        ingress: [
          {
            protocol: "tcp",
            fromPort: PORT,
            toPort: PORT,
            securityGroups: [albSg.id],
            description: "from the ALB",
          },
        ],
        egress: [
          { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "AWS APIs" },
        ],
        tags,
      },
      { parent: this },
    );
    const alb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        // internal: private addresses only, nothing on the internet can connect to it
        internal: viaCloudFront,
        securityGroups: [albSg.id],
        subnets: subnets.ids,
        dropInvalidHeaderFields: true,
        tags,
      },
      { parent: this },
    );
    this.albDnsName = alb.dnsName;
    const targetGroup = new aws.lb.TargetGroup(
      `${name}-tg`,
      {
        port: PORT,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: vpc.id,
        deregistrationDelay: 30,
        healthCheck: {
          path: "/healthz",
          matcher: "200",
          interval: 15,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
          timeout: 5,
        },
        tags,
      },
      { parent: this },
    );
    const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
    const listenerOn = (port: 80 | 443, defaultActions: aws.types.input.lb.ListenerDefaultAction[]) =>
      new aws.lb.Listener(
        `${name}-${port === 443 ? "https" : "http"}`,
        {
          loadBalancerArn: alb.arn,
          port,
          ...(port === 443
            ? {
                protocol: "HTTPS",
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                certificateArn: args.certificateArn,
              }
            : { protocol: "HTTP" }),
          defaultActions,
        },
        { parent: this },
      );
    // the listener and rule through which requests reach the tasks: the service waits for them
    const serving: pulumi.Resource[] = [];
    let originSecret: pulumi.Output<string> | undefined;
    let vpcOrigin: aws.cloudfront.VpcOrigin | undefined;
    if (viaCloudFront) {
      // Defence in depth: the ALB forwards only requests carrying a secret header that CloudFront
      // adds; anything else reaching the listener gets 403. The value is 256 random bits made once,
      // when the parameter is created, and kept in an SSM SecureString (later runs' fresh values
      // are ignored); rotate it by replacing the parameter (see apps/log-analyzer/README.md).
      const secretParameter = new aws.ssm.Parameter(
        `${name}-origin-secret`,
        {
          type: "SecureString",
          description: `obskit ${name}: value of the ${ORIGIN_SECRET_HEADER} header CloudFront sends to the ALB`,
          value: pulumi.secret(crypto.randomBytes(32).toString("hex")),
          tags,
        },
        { parent: this, ignoreChanges: ["value"], additionalSecretOutputs: ["value", "insecureValue"] },
      );
      originSecret = pulumi.secret(secretParameter.value);
      const listener = listenerOn(ports[0] as 80 | 443, [
        {
          type: "fixed-response",
          fixedResponse: {
            contentType: "application/json",
            statusCode: "403",
            messageBody: '{"error":{"code":"Forbidden","message":"not through the CloudFront distribution"}}',
          },
        },
      ]);
      const rule = new aws.lb.ListenerRule(
        `${name}-from-cloudfront`,
        {
          listenerArn: listener.arn,
          priority: 1,
          conditions: [{ httpHeader: { httpHeaderName: ORIGIN_SECRET_HEADER, values: [originSecret] } }],
          actions: forward,
          tags,
        },
        { parent: this },
      );
      serving.push(listener, rule);
      vpcOrigin = new aws.cloudfront.VpcOrigin(
        `${name}-vpc-origin`,
        {
          vpcOriginEndpointConfig: {
            name: `${name}-alb`,
            arn: alb.arn,
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: https ? "https-only" : "http-only",
            originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
          },
          tags,
        },
        { parent: this },
      );
      // CloudFront reaches a VPC origin from interfaces in this VPC that carry the security group it
      // creates with the VPC's first VPC origin: admit that group, not the origin-facing prefix list
      // (every CloudFront distribution of every account) and not the VPC's CIDR.
      const vpcOriginSg = aws.ec2.getSecurityGroupOutput(
        { vpcId: vpc.id, name: CLOUDFRONT_VPC_ORIGIN_SG },
        { parent: this, dependsOn: [vpcOrigin] },
      );
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-alb-from-vpc-origin`,
        {
          securityGroupId: albSg.id,
          description: "CloudFront VPC origins of this account",
          ipProtocol: "tcp",
          fromPort: ports[0],
          toPort: ports[0],
          referencedSecurityGroupId: vpcOriginSg.id,
          tags,
        },
        { parent: this, dependsOn: [vpcOrigin] },
      );
    } else {
      if (https) {
        serving.push(listenerOn(443, forward));
        listenerOn(80, [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ]);
      } else {
        serving.push(listenerOn(80, forward));
      }
    }

    // ---- the HTTP API on Fargate --------------------------------------------------------------
    const base = containerBase(name, this, {
      dockerfile: "apps/log-analyzer/Dockerfile",
      logGroupArn: args.logs.logGroupArn,
      disposable: !protect,
      tags,
    });
    const taskRole = new aws.iam.Role(
      `${name}-task-role`,
      { assumeRolePolicy: base.ecsTasksTrustPolicy, tags },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-task-policy`,
      { role: taskRole.id, policy: readerStatements.apply((statements) => toJson(policy(statements))) },
      { parent: this },
    );
    const service = new awsx.ecs.FargateService(
      `${name}-service`,
      {
        cluster: base.clusterArn,
        desiredCount: args.desiredCount ?? LOG_ANALYZER_DEFAULTS.desiredCount,
        networkConfiguration: { subnets: subnets.ids, securityGroups: [taskSg.id], assignPublicIp: true },
        healthCheckGracePeriodSeconds: 30,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        propagateTags: "SERVICE",
        taskDefinitionArgs: {
          cpu: String(args.cpu ?? LOG_ANALYZER_DEFAULTS.cpu),
          memory: String(args.memory ?? LOG_ANALYZER_DEFAULTS.memory),
          executionRole: { roleArn: base.executionRoleArn },
          taskRole: { roleArn: taskRole.arn },
          logGroup: { skip: true },
          container: {
            name: "log-analyzer",
            image: base.imageUri,
            essential: true,
            readonlyRootFilesystem: true,
            portMappings: [{ containerPort: PORT, hostPort: PORT, protocol: "tcp", targetGroup }],
            environment: [
              { name: "ALLOWED_BUCKETS", value: bucket.bucket },
              { name: "PORT", value: String(PORT) },
              { name: "AWS_REGION", value: region.region },
            ],
            logConfiguration: {
              logDriver: "awslogs",
              options: {
                "awslogs-group": args.logs.logGroupName,
                "awslogs-region": region.region,
                "awslogs-stream-prefix": "api",
                mode: "non-blocking",
              },
            },
          },
        },
        tags,
      },
      { parent: this, dependsOn: serving },
    );
    this.serviceName = service.service.name;

    // ---- CloudFront in front (exposure: cloudfront) ---------------------------------------------
    if (vpcOrigin && originSecret) {
      const distribution = new aws.cloudfront.Distribution(
        `${name}-cdn`,
        {
          enabled: true,
          comment: `obskit ${name}: log analyzer API`,
          priceClass: "PriceClass_100",
          httpVersion: "http2and3",
          origins: [
            {
              originId: "alb",
              // with HTTPS, the name CloudFront validates the ALB's certificate against
              domainName: args.originDomainName ?? alb.dnsName,
              vpcOriginConfig: { vpcOriginId: vpcOrigin.id },
              customHeaders: [{ name: ORIGIN_SECRET_HEADER, value: originSecret }],
            },
          ],
          defaultCacheBehavior: {
            targetOriginId: "alb",
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD", "OPTIONS"],
            cachedMethods: ["GET", "HEAD"],
            cachePolicyId: CACHING_DISABLED,
            originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
            compress: true,
          },
          restrictions: { geoRestriction: { restrictionType: "none" } },
          viewerCertificate: { cloudfrontDefaultCertificate: true },
          tags,
        },
        { parent: this },
      );
      this.url = pulumi.interpolate`https://${distribution.domainName}`;
    } else {
      this.url = pulumi.interpolate`${https ? "https" : "http"}://${alb.dnsName}`;
    }

    // ---- scheduled run: same core, publishes the error count -----------------------------------
    const namespace = ANALYZER_METRICS.namespace;
    const fnRole = new aws.iam.Role(
      `${name}-scheduled-role`,
      {
        assumeRolePolicy: identity.accountId.apply((acct) =>
          toJson(assumeRolePolicy("lambda.amazonaws.com", acct)),
        ),
        tags,
      },
      { parent: this },
    );
    const fnPolicy = new aws.iam.RolePolicy(
      `${name}-scheduled-policy`,
      {
        role: fnRole.id,
        policy: pulumi
          .all([readerStatements, args.logs.logGroupArn])
          .apply(([statements, logGroupArn]) =>
            toJson(
              policy([...statements, putMetricDataStatement(namespace), logWriteStatement(logGroupArn)]),
            ),
          ),
      },
      { parent: this },
    );
    const bundle = bundleLambdaOnce(path.join(__dirname, "src/scheduled.ts"));
    const fn = new aws.lambda.Function(
      `${name}-scheduled`,
      {
        description: "obskit: analyse the latest JSONL object and publish its error count",
        runtime: LAMBDA_RUNTIME,
        architectures: ["arm64"],
        handler: LAMBDA_HANDLER,
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) }),
        role: fnRole.arn,
        memorySize: 512,
        timeout: 300,
        reservedConcurrentExecutions: 1,
        loggingConfig: { logFormat: "JSON", logGroup: args.logs.logGroupName },
        environment: {
          variables: {
            BUCKET: bucket.bucket,
            PREFIX: args.prefix ?? LOG_ANALYZER_DEFAULTS.prefix,
            THRESHOLD: String(args.errorThreshold ?? LOG_ANALYZER_DEFAULTS.errorThreshold),
            METRIC_NAMESPACE: namespace,
          },
        },
        tags: { ...tags, [EMITS_TAG]: `${namespace}/${ANALYZER_METRICS.errorCount}` },
      },
      { parent: this, dependsOn: [fnPolicy] },
    );
    this.scheduledFunctionName = fn.name;
    const rule = new aws.cloudwatch.EventRule(
      `${name}-schedule`,
      {
        description: "obskit: run the log analyzer",
        scheduleExpression: args.schedule ?? LOG_ANALYZER_DEFAULTS.schedule,
        tags,
      },
      { parent: this },
    );
    const invoke = new aws.lambda.Permission(
      `${name}-schedule-invoke`,
      {
        action: "lambda:InvokeFunction",
        function: fn.name,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
        sourceAccount: identity.accountId,
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-schedule-target`,
      {
        rule: rule.name,
        arn: fn.arn,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
      },
      { parent: this, dependsOn: [invoke] },
    );

    // ---- alarms --------------------------------------------------------------------------------
    this.errorMetric = new Metric({
      namespace,
      name: ANALYZER_METRICS.errorCount,
      statistic: "Maximum",
      periodSeconds: 300,
      emittedBy: fn,
    });
    const http5xx = args.http5xxThreshold ?? LOG_ANALYZER_DEFAULTS.http5xxThreshold;
    const lbMetric = (metricName: string) =>
      new Metric({
        namespace: "AWS/ApplicationELB",
        name: metricName,
        dimensions: { LoadBalancer: alb.arnSuffix },
        statistic: "Sum",
        periodSeconds: 300,
      });
    const alarm = (key: string, role: string, spec: Omit<AlarmSpec, "name">) =>
      args.alerting.addAlarm(
        { name: `${name}-${role}`, ...spec },
        { key, parent: this, resourceName: `${name}-${role}` },
      );
    const alarms = {
      Elb5xx: alarm("AnalyzerElb5xx", "elb-5xx", {
        metric: lbMetric("HTTPCode_ELB_5XX_Count"),
        threshold: http5xx,
      }),
      Target5xx: alarm("AnalyzerTarget5xx", "target-5xx", {
        metric: lbMetric("HTTPCode_Target_5XX_Count"),
        threshold: http5xx,
      }),
      AnalyzerErrors: alarm("AnalyzerErrors", "errors", {
        metric: this.errorMetric,
        threshold: args.errorThreshold ?? LOG_ANALYZER_DEFAULTS.errorThreshold,
        description: "ERROR lines in the latest JSONL object reached the threshold",
      }),
    };
    this.alarmNames = Object.fromEntries(Object.entries(alarms).map(([k, a]) => [k, a.name]));

    this.registerOutputs({
      bucketName: this.bucketName,
      url: this.url,
      albDnsName: this.albDnsName,
      serviceName: this.serviceName,
      scheduledFunctionName: this.scheduledFunctionName,
      alarmNames: this.alarmNames,
    });
  }
}
