import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { assertValid, problem, type ArgumentProblem } from "../../components/errors";
import {
  identityPolicy,
  logWriteStatement,
  putMetricDataStatement,
  toJson,
  trustPolicy,
  type IdentityPolicy,
  type TrustPolicy,
} from "../../components";
import { componentTags } from "../../components/tags";
import { CAFE_AGENT_DEFAULTS, cafeAgentConfigJson } from "./src/agentConfig";
import { cafeUserData } from "./src/userData";

/** The defaults of CafeServerArgs, written once. */
export const CAFE_SERVER_DEFAULTS = {
  instanceType: "t3.micro",
  rootVolumeGb: 8,
  httpCidrs: [] as string[],
  metricsNamespace: CAFE_AGENT_DEFAULTS.metricsNamespace,
} as const;

export interface CafeServerArgs {
  /** The access log's group (a contract with the agent config), e.g. `apache/access`. */
  accessLogGroupName: string;
  /** Its ARN (without `:*`). */
  accessLogGroupArn: pulumi.Input<string>;
  /** The error log's group, e.g. `apache/error`. */
  errorLogGroupName: string;
  /** Its ARN (without `:*`). */
  errorLogGroupArn: pulumi.Input<string>;
  /** Name of the SSM parameter holding the agent configuration, e.g. `/dev/cafe/cloudwatch-agent`. */
  agentConfigParameterName: string;
  /** EC2 instance type; a Graviton type (`t4g.micro`) gets the arm64 image. @default "t3.micro" */
  instanceType?: string;
  /** Root volume size in GiB (gp3, encrypted). @default 8 */
  rootVolumeGb?: number;
  /** CIDR blocks allowed to reach port 80. @default [] (none) */
  httpCidrs?: string[];
  /** A security group (e.g. a load balancer's) allowed to reach port 80. @default none */
  httpSourceSecurityGroupId?: pulumi.Input<string>;
  /** Namespace of the agent's memory and disk metrics. @default "Cafe/Host" */
  metricsNamespace?: string;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** An EC2 instance type's shape (`t3.micro`, `c7gn.large`); the stack's settings check it too. */
export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** An IPv4 CIDR block (`203.0.113.0/24`); the stack's settings check it too. */
export function isIpv4Cidr(v: string): boolean {
  const m = CIDR.exec(v);
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Graviton families (t4g, m7g, c7gn, …) run arm64 images; every other family x86_64. */
export function architectureOf(instanceType: string): "arm64" | "x86_64" {
  return /^[a-z]+\d+[a-z]*g[a-z]*\./.test(instanceType) && !/^(g\d|p\d)/.test(instanceType)
    ? "arm64"
    : "x86_64";
}

/** The SSM public parameter of the newest Amazon Linux 2023 image for an architecture. */
export function al2023ImageParameter(arch: "arm64" | "x86_64"): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;
}

/** Every problem of `args`, each naming the field, the value and what is allowed. */
export function validateCafeServerArgs(args: CafeServerArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (args.instanceType !== undefined && !INSTANCE_TYPE.test(args.instanceType))
    problems.push(
      problem("instanceType", args.instanceType, "must be an EC2 instance type", "use one such as t3.micro"),
    );
  const gb = args.rootVolumeGb;
  if (gb !== undefined && !(Number.isInteger(gb) && gb >= 2 && gb <= 16384))
    problems.push(
      problem("rootVolumeGb", gb, "must be a whole number of GiB from 2 to 16384", "use 2 to 16384 GiB"),
    );
  for (const [i, c] of (args.httpCidrs ?? []).entries())
    if (!isIpv4Cidr(c))
      problems.push(
        problem(`httpCidrs[${i}]`, c, "must be an IPv4 CIDR block", "write one such as 203.0.113.0/24"),
      );
  if (!/^\/?[A-Za-z0-9_.\-/]{1,1011}$/.test(args.agentConfigParameterName))
    problems.push(
      problem(
        "agentConfigParameterName",
        args.agentConfigParameterName,
        "must be an SSM parameter name",
        "use one such as /dev/cafe/cloudwatch-agent",
      ),
    );
  return problems;
}

/**
 * The trust policy of the café instance's role: only the EC2 service may assume it. EC2 sends no
 * `aws:SourceAccount`/`aws:SourceArn` when it fetches an instance profile's credentials, so the
 * binding is the instance profile itself: `iam:PassRole` never passes a role to another account's
 * instance.
 */
export function ec2TrustPolicy(): TrustPolicy {
  return trustPolicy([
    {
      Sid: "Ec2Instances",
      Effect: "Allow",
      Principal: { Service: "ec2.amazonaws.com" },
      Action: "sts:AssumeRole",
    },
  ]);
}

/**
 * What the CloudWatch agent on the café instance needs, narrower than `CloudWatchAgentServerPolicy`:
 * write streams of the two café log groups (never create groups or set retention, which the stack
 * owns), publish metrics to its one namespace, read its one configuration parameter.
 */
export function cafeAgentPolicy(a: {
  logGroupArns: string[];
  namespace: string;
  parameterArn: string;
}): IdentityPolicy {
  return identityPolicy([
    ...a.logGroupArns.map((arn, i) => ({ ...logWriteStatement(arn), Sid: `WriteLogGroup${i}` })),
    {
      Sid: "FindOwnStreams",
      Effect: "Allow",
      Action: "logs:DescribeLogStreams",
      Resource: a.logGroupArns.map((arn) => `${arn}:*`),
    },
    putMetricDataStatement(a.namespace),
    { Sid: "ReadAgentConfig", Effect: "Allow", Action: "ssm:GetParameter", Resource: a.parameterArn },
  ]);
}

/**
 * The café's web server: one Amazon Linux 2023 instance (image from the SSM public parameter, IMDSv2
 * only, encrypted gp3 root volume) running Apache and PHP, reachable for administration through SSM
 * Session Manager only (no key pair, no port 22), serving HTTP only to the configured sources. The
 * CloudWatch agent ships Apache's access and error logs to the café's log groups and the instance's
 * memory and disk usage as metrics; its configuration is an SSM parameter generated by code.
 */
export class CafeServer extends pulumi.ComponentResource {
  /** The instance id (target of `aws ssm start-session`). */
  readonly instanceId: pulumi.Output<string>;
  /** The instance's private IP. */
  readonly privateIp: pulumi.Output<string>;
  /** The instance's security group (allow it from a load balancer's group, or vice versa). */
  readonly securityGroupId: pulumi.Output<string>;
  /** The instance role's name. */
  readonly roleName: pulumi.Output<string>;
  /** The SSM parameter holding the agent configuration. */
  readonly agentConfigParameterName: pulumi.Output<string>;

  constructor(name: string, args: CafeServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:apps:CafeServer", name, {}, opts);
    assertValid("CafeServer", name, validateCafeServerArgs(args));
    const d = CAFE_SERVER_DEFAULTS;
    const tags = componentTags("CafeServer", args.tags);
    const parent = { parent: this };
    const instanceType = args.instanceType ?? d.instanceType;
    const namespace = args.metricsNamespace ?? d.metricsNamespace;

    const identity = aws.getCallerIdentityOutput({}, parent);
    const region = aws.getRegionOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent);

    const agentConfig = cafeAgentConfigJson({
      accessLogGroup: args.accessLogGroupName,
      errorLogGroup: args.errorLogGroupName,
      metricsNamespace: namespace,
    });
    const parameter = new aws.ssm.Parameter(
      `${name}-agent-config`,
      {
        name: args.agentConfigParameterName,
        type: "String",
        description: "CloudWatch agent configuration of the cafe instance (generated by obskit)",
        // not a secret: `insecureValue` keeps it readable in plans and diffs
        insecureValue: agentConfig,
        tags,
      },
      parent,
    );
    this.agentConfigParameterName = parameter.name;

    const role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: toJson(ec2TrustPolicy()), tags },
      parent,
    );
    this.roleName = role.name;
    new aws.iam.RolePolicyAttachment(
      `${name}-ssm-core`,
      {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
      },
      parent,
    );
    const agentPolicy = new aws.iam.RolePolicy(
      `${name}-agent-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([
            args.accessLogGroupArn,
            args.errorLogGroupArn,
            parameter.name,
            identity.accountId,
            region.region,
            partition.partition,
          ])
          .apply(([access, error, param, acct, r, p]) =>
            toJson(
              cafeAgentPolicy({
                logGroupArns: [access, error],
                namespace,
                parameterArn: `arn:${p}:ssm:${r}:${acct}:parameter/${param.replace(/^\//, "")}`,
              }),
            ),
          ),
      },
      parent,
    );
    const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name, tags }, parent);

    const vpc = aws.ec2.getVpcOutput({ default: true }, parent);
    const subnets = aws.ec2.getSubnetsOutput(
      {
        filters: [
          { name: "vpc-id", values: [vpc.id] },
          { name: "default-for-az", values: ["true"] },
        ],
      },
      parent,
    );
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: vpc.id,
        description: "Cafe web server: HTTP from the configured sources only; no SSH (Session Manager)",
        egress: [
          {
            description: "HTTPS out: package repositories, SSM, CloudWatch",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
          },
        ],
        tags,
      },
      parent,
    );
    this.securityGroupId = sg.id;
    for (const [i, cidr] of (args.httpCidrs ?? d.httpCidrs).entries()) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-http-${i}`,
        {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: 80,
          toPort: 80,
          cidrIpv4: cidr,
          description: "HTTP",
        },
        parent,
      );
    }
    if (args.httpSourceSecurityGroupId !== undefined) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-http-from-lb`,
        {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: 80,
          toPort: 80,
          referencedSecurityGroupId: args.httpSourceSecurityGroupId,
          description: "HTTP from the load balancer",
        },
        parent,
      );
    }

    const image = aws.ssm.getParameterOutput(
      { name: al2023ImageParameter(architectureOf(instanceType)) },
      parent,
    );
    const instance = new aws.ec2.Instance(
      `${name}-instance`,
      {
        ami: image.value,
        instanceType,
        iamInstanceProfile: profile.name,
        subnetId: subnets.ids.apply((ids) => ids[0]!),
        // a public address reaches SSM, CloudWatch and the repositories without a NAT gateway
        associatePublicIpAddress: true,
        vpcSecurityGroupIds: [sg.id],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        rootBlockDevice: {
          encrypted: true,
          volumeType: "gp3",
          volumeSize: args.rootVolumeGb ?? d.rootVolumeGb,
        },
        userData: parameter.name.apply((p) =>
          cafeUserData({ agentConfigParameter: p, agentConfigDigest: digest(agentConfig) }),
        ),
        userDataReplaceOnChange: true,
        tags: { ...tags, Name: name },
      },
      // the agent starts at boot: its permissions and configuration must exist by then. A newer
      // AL2023 image in the public parameter does not replace a running server (patch it with
      // `dnf upgrade` through Session Manager, or taint the instance to move to the new image).
      { parent: this, dependsOn: [agentPolicy, parameter], ignoreChanges: ["ami"] },
    );
    this.instanceId = instance.id;
    this.privateIp = instance.privateIp;

    this.registerOutputs({
      instanceId: this.instanceId,
      securityGroupId: this.securityGroupId,
      agentConfigParameterName: this.agentConfigParameterName,
    });
  }
}
