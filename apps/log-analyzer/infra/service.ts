import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { policy, toJson } from "../../../components";
import type { IdentityStatement } from "../../../components/policies/document";
import { containerBase } from "../../containers";
import {
  ALL_VIEWER_EXCEPT_HOST,
  CACHING_DISABLED,
  LOG_ANALYZER_DEFAULTS,
  ORIGIN_SECRET_HEADER,
  PORT,
  type AnalyzerContext,
} from "./args";
import type { AnalyzerNetwork } from "./network";

/**
 * The HTTP API on Fargate behind the load balancer (a task role that may only read the bucket),
 * and, with exposure "cloudfront", the distribution in front of it. Returns the service and the
 * API's public URL.
 */
export function analyzerService(
  ctx: AnalyzerContext,
  net: AnalyzerNetwork,
  bucket: aws.s3.Bucket,
  readerStatements: pulumi.Output<IdentityStatement[]>,
): { service: awsx.ecs.FargateService; url: pulumi.Output<string> } {
  const { name, parent, args, tags, protect } = ctx;
  const base = containerBase(name, parent, {
    dockerfile: "apps/log-analyzer/Dockerfile",
    logGroupArn: args.logs.logGroupArn,
    disposable: !protect,
    tags,
  });
  const taskRole = new aws.iam.Role(
    `${name}-task-role`,
    { assumeRolePolicy: base.ecsTasksTrustPolicy, tags },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-task-policy`,
    { role: taskRole.id, policy: readerStatements.apply((statements) => toJson(policy(statements))) },
    { parent },
  );
  const service = new awsx.ecs.FargateService(
    `${name}-service`,
    {
      cluster: base.clusterArn,
      desiredCount: args.desiredCount ?? LOG_ANALYZER_DEFAULTS.desiredCount,
      networkConfiguration: {
        subnets: net.subnetIds,
        securityGroups: [net.taskSecurityGroup.id],
        assignPublicIp: true,
      },
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
          portMappings: [
            { containerPort: PORT, hostPort: PORT, protocol: "tcp", targetGroup: net.targetGroup },
          ],
          environment: [
            { name: "ALLOWED_BUCKETS", value: bucket.bucket },
            { name: "PORT", value: String(PORT) },
            { name: "AWS_REGION", value: ctx.region },
          ],
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": args.logs.logGroupName,
              "awslogs-region": ctx.region,
              "awslogs-stream-prefix": "api",
              mode: "non-blocking",
            },
          },
        },
      },
      tags,
    },
    { parent, dependsOn: net.serving },
  );

  // CloudFront in front (exposure: cloudfront)
  let url: pulumi.Output<string>;
  if (net.cloudFront) {
    const { vpcOrigin, originSecret } = net.cloudFront;
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
            domainName: args.originDomainName ?? net.alb.dnsName,
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
      { parent },
    );
    url = pulumi.interpolate`https://${distribution.domainName}`;
  } else {
    url = pulumi.interpolate`${net.https ? "https" : "http"}://${net.alb.dnsName}`;
  }
  return { service, url };
}
