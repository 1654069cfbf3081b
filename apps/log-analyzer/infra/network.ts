import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "node:crypto";
import {
  CLOUDFRONT_VPC_ORIGIN_SG,
  ORIGIN_SECRET_HEADER,
  PORT,
  type AnalyzerContext,
  type AnalyzerExposure,
} from "./args";

/** What the network part declared, for the service and CloudFront parts. */
export interface AnalyzerNetwork {
  readonly subnetIds: pulumi.Output<string[]>;
  readonly taskSecurityGroup: aws.ec2.SecurityGroup;
  readonly alb: aws.lb.LoadBalancer;
  readonly targetGroup: aws.lb.TargetGroup;
  /** The listener and rule through which requests reach the tasks: the service waits for them. */
  readonly serving: pulumi.Resource[];
  /** Whether the ALB serves HTTPS. */
  readonly https: boolean;
  /** With exposure "cloudfront": the VPC origin and the secret header value CloudFront must send. */
  readonly cloudFront?: { vpcOrigin: aws.cloudfront.VpcOrigin; originSecret: pulumi.Output<string> };
}

/**
 * The load balancer in the default VPC: with exposure "cloudfront" an internal ALB reached only
 * through a CloudFront VPC origin (its security group admits only CloudFront's VPC-origin
 * interfaces, and its listener forwards only requests carrying the origin secret header, 403
 * otherwise); with "public-alb" an internet-facing ALB (HTTP, or HTTPS with an 80 → 443 redirect).
 */
export function analyzerNetwork(ctx: AnalyzerContext, exposure: AnalyzerExposure): AnalyzerNetwork {
  const { name, parent, args, tags } = ctx;
  const viaCloudFront = exposure === "cloudfront";
  const vpc = aws.ec2.getVpcOutput({ default: true }, { parent });
  const subnets = aws.ec2.getSubnetsOutput(
    {
      filters: [
        { name: "vpc-id", values: [vpc.id] },
        { name: "default-for-az", values: ["true"] },
      ],
    },
    { parent },
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
    { parent },
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
    { parent },
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
    { parent },
  );
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
    { parent },
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
      { parent },
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
      { parent, ignoreChanges: ["value"], additionalSecretOutputs: ["value", "insecureValue"] },
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
      { parent },
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
      { parent },
    );
    // CloudFront reaches a VPC origin from interfaces in this VPC that carry the security group it
    // creates with the VPC's first VPC origin: admit that group, not the origin-facing prefix list
    // (every CloudFront distribution of every account) and not the VPC's CIDR.
    const vpcOriginSg = aws.ec2.getSecurityGroupOutput(
      { vpcId: vpc.id, name: CLOUDFRONT_VPC_ORIGIN_SG },
      { parent, dependsOn: [vpcOrigin] },
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
      { parent, dependsOn: [vpcOrigin] },
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
  return {
    subnetIds: subnets.ids,
    taskSecurityGroup: taskSg,
    alb,
    targetGroup,
    serving,
    https,
    cloudFront: vpcOrigin && originSecret ? { vpcOrigin, originSecret } : undefined,
  };
}
