import type { PatternSamples } from "../logPipeline/patterns";
import { recordLine } from "./records";

/**
 * The CIS AWS Foundations Benchmark monitoring controls (v1.4.0 to v3.0.0: section 4, "Monitoring";
 * v1.2.0 numbered them 3.1 to 3.14, without the Organizations control), in the benchmark's order.
 */
export const CIS_CONTROL_IDS = [
  "unauthorized-api-calls",
  "console-signin-without-mfa",
  "root-account-usage",
  "iam-policy-changes",
  "cloudtrail-config-changes",
  "console-auth-failures",
  "cmk-disable-or-deletion",
  "s3-bucket-policy-changes",
  "aws-config-changes",
  "security-group-changes",
  "nacl-changes",
  "network-gateway-changes",
  "route-table-changes",
  "vpc-changes",
  "organizations-changes",
] as const;
export type CisControlId = (typeof CIS_CONTROL_IDS)[number];

/** The tag naming the control an alarm implements (read by the policy pack). */
export const CIS_CONTROL_TAG = "obskit:cis-control";

/** One CIS monitoring control: a metric filter on the trail's log group and the alarm on its metric. */
export interface CisControl {
  id: CisControlId;
  /** The benchmark's recommendation number in v3.0.0 (and v1.4.0). */
  recommendation: string;
  /** What the alarm means, for its description. */
  description: string;
  /** The metric filter's and metric's name. */
  metricName: string;
  /** The filter pattern. */
  pattern: string;
  /**
   * Ids of real records (see `records.ts`) the pattern must and must not match; empty `match`
   * where the AWS documentation shows no record of such an event.
   */
  samples: { match: string[]; noMatch: string[] };
}

/** `($.eventName = A) || ($.eventName = B) || …`: one event name of a list. */
function anyEventName(names: string[]): string {
  return names.map((n) => `($.eventName = "${n}")`).join(" || ");
}

// Documentation pages the samples come from (files under records/).
const SIGNIN = "cloudtrail-user-guide--cloudtrail-event-reference-aws-console-sign-in-events";
const TUTORIAL = "cloudtrail-user-guide--cloudtrail-tutorial";
const LOG_EXAMPLES = "cloudtrail-user-guide--cloudtrail-log-file-examples";
const LINKED_CHANNEL = "cloudtrail-user-guide--viewing-service-linked-channels";
const NON_API = "cloudtrail-user-guide--non-api-aws-service-events";
const IAM_GUIDE = "iam-user-guide--cloudtrail-integration";
const CONFIG = "config-developer-guide--cloudtrail-log-files-for-aws-config";
const S3 = "s3-userguide--cloudtrail-logging-understanding-s3-entries";
const EC2_MONITOR = "ec2-user-guide--monitor-with-cloudtrail";
const kms = (page: string, i = 0) => `kms-developer-guide--${page}#${i}`;

/** EC2 calls that change no network configuration: near misses of the five network controls. */
const EC2_NEAR_MISSES = [
  `${LOG_EXAMPLES}#0`, // StartInstances
  `${LOG_EXAMPLES}#2`, // CreateKeyPair
  kms("ct-ec2one"), // CreateVolume
  kms("ct-ec2two"), // RunInstances
  `${EC2_MONITOR}#0`, // TerminateInstances (root)
];

export const CIS_CONTROLS: Record<CisControlId, CisControl> = {
  /*
   * 4.1 (v1.4.0-v3.0.0; 3.1 in v1.2.0). The edition's intent: calls refused for lack of
   * authorization, except S3 log delivery and HeadBucket probes. Published copies join the
   * exclusions with `||` (then `sourceIPAddress != …` alone matches nearly every event); the
   * exclusions must hold together with the error test, so the two error tests are grouped and the
   * exclusions joined with `&&`. Checked: the engine matches an AccessDenied event only when
   * neither exclusion applies (test), and no other error code (TrailNotFound, KMSInvalidState)
   * matches. The AWS documentation prints no AccessDenied/UnauthorizedOperation record, so it
   * has no real matching sample.
   */
  "unauthorized-api-calls": {
    id: "unauthorized-api-calls",
    recommendation: "4.1",
    description: "API calls refused as unauthorized (AccessDenied*, *UnauthorizedOperation)",
    metricName: "UnauthorizedAPICalls",
    pattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    samples: {
      match: [],
      noMatch: [`${LOG_EXAMPLES}#5`, kms("ct-decrypt", 3), `${SIGNIN}#2`, kms("ct-decrypt", 0), `${S3}#0`],
    },
  },
  /*
   * 4.2 (v1.4.0-v3.0.0): the edition that adds `userIdentity.type = IAMUser` and
   * `ConsoleLogin = Success` to v1.2.0's `MFAUsed != Yes` (SSO and failed sign-ins carry no MFA
   * flag and were false positives). Checked on the CloudTrail guide's sign-in records: IAM user
   * without MFA matches; with MFA, failed, MFA check and root sign-ins (control 4.3) do not.
   */
  "console-signin-without-mfa": {
    id: "console-signin-without-mfa",
    recommendation: "4.2",
    description: "Successful console sign-in of an IAM user without MFA",
    metricName: "ConsoleSignInWithoutMFA",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    samples: {
      match: [`${SIGNIN}#0`, `${TUTORIAL}#0`],
      noMatch: [`${SIGNIN}#1`, `${SIGNIN}#2`, `${SIGNIN}#3`, `${SIGNIN}#5`, `${IAM_GUIDE}#5`],
    },
  },
  /*
   * 4.3 (v1.2.0 3.3 to v3.0.0 4.3, unchanged): any use of the root user that it made itself, not
   * an AWS service acting with it (`invokedBy`) nor a service event. Checked on the sign-in
   * guide's root records and the EC2 guide's root TerminateInstances (match) and AWS service
   * events of KMS and WorkMail (no match). The documentation prints no root record carrying
   * `invokedBy`, so that exclusion is checked by the engine's NOT EXISTS tests only.
   */
  "root-account-usage": {
    id: "root-account-usage",
    recommendation: "4.3",
    description: "The root user was used",
    metricName: "RootAccountUsage",
    pattern:
      '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }',
    samples: {
      match: [`${SIGNIN}#5`, `${SIGNIN}#6`, `${SIGNIN}#7`, `${SIGNIN}#8`, `${SIGNIN}#9`, `${EC2_MONITOR}#0`],
      noMatch: [`${SIGNIN}#0`, kms("ct-delete-key"), kms("services-wm"), `${NON_API}#0`],
    },
  },
  /*
   * 4.4 (v1.4.0-v3.0.0; 3.4 in v1.2.0): the 16 IAM calls that change a policy or its attachment.
   * Bound to iam.amazonaws.com so that a same-named call of another service (Organizations'
   * CreatePolicy, control 4.15) is not counted twice. Checked: IAM's read-only GetUserPolicy,
   * CreateUser, AddUserToGroup and KMS's PutKeyPolicy do not match. No documented record of one
   * of the 16 calls was found, so there is no real matching sample.
   */
  "iam-policy-changes": {
    id: "iam-policy-changes",
    recommendation: "4.4",
    description: "IAM policy created, changed, deleted, attached or detached",
    metricName: "IAMPolicyChanges",
    pattern: `{ ($.eventSource = "iam.amazonaws.com") && (${anyEventName([
      "DeleteGroupPolicy",
      "DeleteRolePolicy",
      "DeleteUserPolicy",
      "PutGroupPolicy",
      "PutRolePolicy",
      "PutUserPolicy",
      "CreatePolicy",
      "DeletePolicy",
      "CreatePolicyVersion",
      "DeletePolicyVersion",
      "AttachRolePolicy",
      "DetachRolePolicy",
      "AttachUserPolicy",
      "DetachUserPolicy",
      "AttachGroupPolicy",
      "DetachGroupPolicy",
    ])}) }`,
    samples: {
      match: [],
      noMatch: [`${IAM_GUIDE}#0`, `${LOG_EXAMPLES}#3`, `${LOG_EXAMPLES}#4`, kms("ct-put-key-policy")],
    },
  },
  /*
   * 4.5 (v1.2.0 3.5 to v3.0.0 4.5): creating, updating, deleting, starting or stopping a trail.
   * An attempt that failed (the guide's UpdateTrail with TrailNotFoundException) still counts: it
   * is an attempt to change the audit configuration. A service-linked channel is not a trail.
   */
  "cloudtrail-config-changes": {
    id: "cloudtrail-config-changes",
    recommendation: "4.5",
    description: "CloudTrail trail created, updated, deleted, started or stopped",
    metricName: "CloudTrailConfigChanges",
    pattern: `{ ($.eventSource = "cloudtrail.amazonaws.com") && (${anyEventName([
      "CreateTrail",
      "UpdateTrail",
      "DeleteTrail",
      "StartLogging",
      "StopLogging",
    ])}) }`,
    samples: {
      match: [`${LOG_EXAMPLES}#5`],
      noMatch: [`${LINKED_CHANNEL}#0`, `${LOG_EXAMPLES}#0`],
    },
  },
  /*
   * 4.6 (v1.4.0-v3.0.0; 3.6 in v1.2.0). The printed pattern tests `errorMessage = "Failed
   * authentication"` only; the IAM guide's failed sign-in with an unknown user name carries
   * "No username found in supplied account" and would be missed, although the intent is every
   * failed console authentication. So a failure is also recognised by
   * `responseElements.ConsoleLogin = "Failure"`. Checked on the five documented failures and
   * the successful sign-ins.
   */
  "console-auth-failures": {
    id: "console-auth-failures",
    recommendation: "4.6",
    description: "Failed console authentication",
    metricName: "ConsoleAuthenticationFailures",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && (($.errorMessage = "Failed authentication") || ($.responseElements.ConsoleLogin = "Failure")) }',
    samples: {
      match: [`${SIGNIN}#2`, `${SIGNIN}#7`, `${IAM_GUIDE}#5`, `${IAM_GUIDE}#6`],
      noMatch: [`${SIGNIN}#0`, `${SIGNIN}#1`, `${SIGNIN}#5`],
    },
  },
  /*
   * 4.7 (v1.4.0-v3.0.0; 3.7 in v1.2.0): a customer-managed key disabled or scheduled for
   * deletion. Checked on the KMS guide's records: DisableKey and the three ScheduleKeyDeletion
   * match; EnableKey, CancelKeyDeletion, DisableKeyRotation and the service event of the final
   * DeleteKey do not.
   */
  "cmk-disable-or-deletion": {
    id: "cmk-disable-or-deletion",
    recommendation: "4.7",
    description: "KMS key disabled or scheduled for deletion",
    metricName: "DisableOrDeleteCMK",
    pattern: `{ ($.eventSource = "kms.amazonaws.com") && (${anyEventName(["DisableKey", "ScheduleKeyDeletion"])}) }`,
    samples: {
      match: [
        kms("ct-disablekey"),
        kms("ct-schedule-key-deletion", 0),
        kms("ct-schedule-key-deletion", 1),
        kms("ct-schedule-key-deletion", 2),
      ],
      noMatch: [
        kms("ct-enablekey"),
        kms("ct-cancel-key-deletion"),
        kms("ct-disable-key-rotation"),
        kms("ct-delete-key"),
        kms("ct-decrypt"),
      ],
    },
  },
  /*
   * 4.8 (v1.2.0 3.8 to v3.0.0 4.8): bucket ACL, policy, CORS, lifecycle and replication changes.
   * Checked on the S3 guide's records: PutBucketAcl matches; ListBuckets, GetBucketVersioning
   * (read-only), DeleteBucket and an S3 on Outposts PutObject do not.
   */
  "s3-bucket-policy-changes": {
    id: "s3-bucket-policy-changes",
    recommendation: "4.8",
    description: "S3 bucket ACL, policy, CORS, lifecycle or replication changed",
    metricName: "S3BucketPolicyChanges",
    pattern: `{ ($.eventSource = "s3.amazonaws.com") && (${anyEventName([
      "PutBucketAcl",
      "PutBucketPolicy",
      "PutBucketCors",
      "PutBucketLifecycle",
      "PutBucketReplication",
      "DeleteBucketPolicy",
      "DeleteBucketCors",
      "DeleteBucketLifecycle",
      "DeleteBucketReplication",
    ])}) }`,
    samples: {
      match: [`${S3}#1`],
      noMatch: [`${S3}#0`, `${S3}#2`, `${S3}#3`, `${IAM_GUIDE}#4`],
    },
  },
  /*
   * 4.9 (v1.4.0-v3.0.0; 3.9 in v1.2.0). Several printed editions lose the `||` between
   * `PutDeliveryChannel` and `PutConfigurationRecorder`: a syntax error that CloudWatch and this
   * engine reject (see the test). The intent, four recorder/channel changes, is restored. Checked
   * on the AWS Config guide's records: the four changes match; the Describe/Get calls and
   * StartConfigurationRecorder (turning recording on) do not.
   */
  "aws-config-changes": {
    id: "aws-config-changes",
    recommendation: "4.9",
    description: "AWS Config recorder stopped or recorder/delivery channel changed or deleted",
    metricName: "AWSConfigChanges",
    pattern: `{ ($.eventSource = "config.amazonaws.com") && (${anyEventName([
      "StopConfigurationRecorder",
      "DeleteDeliveryChannel",
      "PutDeliveryChannel",
      "PutConfigurationRecorder",
    ])}) }`,
    samples: {
      match: [`${CONFIG}#0`, `${CONFIG}#5`, `${CONFIG}#6`, `${CONFIG}#8`],
      noMatch: [`${CONFIG}#1`, `${CONFIG}#2`, `${CONFIG}#3`, `${CONFIG}#4`, `${CONFIG}#7`],
    },
  },
  /*
   * 4.10 (v1.2.0 3.10 to v3.0.0 4.10): security groups created, deleted, or their rules changed.
   * No documented record of these calls was found: near misses only (EC2 calls that change no
   * network configuration).
   */
  "security-group-changes": {
    id: "security-group-changes",
    recommendation: "4.10",
    description: "Security group created, deleted or its rules changed",
    metricName: "SecurityGroupChanges",
    pattern: `{ ${anyEventName([
      "AuthorizeSecurityGroupIngress",
      "AuthorizeSecurityGroupEgress",
      "RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress",
      "CreateSecurityGroup",
      "DeleteSecurityGroup",
    ])} }`,
    samples: { match: [], noMatch: EC2_NEAR_MISSES },
  },
  /* 4.11 (v1.2.0 3.11 to v3.0.0 4.11): network ACLs and their entries. No documented record found. */
  "nacl-changes": {
    id: "nacl-changes",
    recommendation: "4.11",
    description: "Network ACL or its entries changed",
    metricName: "NACLChanges",
    pattern: `{ ${anyEventName([
      "CreateNetworkAcl",
      "CreateNetworkAclEntry",
      "DeleteNetworkAcl",
      "DeleteNetworkAclEntry",
      "ReplaceNetworkAclEntry",
      "ReplaceNetworkAclAssociation",
    ])} }`,
    samples: { match: [], noMatch: EC2_NEAR_MISSES },
  },
  /* 4.12 (v1.2.0 3.12 to v3.0.0 4.12): customer and internet gateways. No documented record found. */
  "network-gateway-changes": {
    id: "network-gateway-changes",
    recommendation: "4.12",
    description: "Customer or internet gateway created, deleted, attached or detached",
    metricName: "NetworkGatewayChanges",
    pattern: `{ ${anyEventName([
      "CreateCustomerGateway",
      "DeleteCustomerGateway",
      "AttachInternetGateway",
      "CreateInternetGateway",
      "DeleteInternetGateway",
      "DetachInternetGateway",
    ])} }`,
    samples: { match: [], noMatch: EC2_NEAR_MISSES },
  },
  /*
   * 4.13 (v1.4.0-v3.0.0, which binds it to ec2.amazonaws.com and adds DeleteRoute; 3.13 in
   * v1.2.0). No documented record found.
   */
  "route-table-changes": {
    id: "route-table-changes",
    recommendation: "4.13",
    description: "Route table or route changed",
    metricName: "RouteTableChanges",
    pattern: `{ ($.eventSource = "ec2.amazonaws.com") && (${anyEventName([
      "CreateRoute",
      "CreateRouteTable",
      "ReplaceRoute",
      "ReplaceRouteTableAssociation",
      "DeleteRouteTable",
      "DeleteRoute",
      "DisassociateRouteTable",
    ])}) }`,
    samples: { match: [], noMatch: EC2_NEAR_MISSES },
  },
  /* 4.14 (v1.2.0 3.14 to v3.0.0 4.14): VPCs, peering and ClassicLink. No documented record found. */
  "vpc-changes": {
    id: "vpc-changes",
    recommendation: "4.14",
    description: "VPC, VPC peering or ClassicLink changed",
    metricName: "VPCChanges",
    pattern: `{ ${anyEventName([
      "CreateVpc",
      "DeleteVpc",
      "ModifyVpcAttribute",
      "AcceptVpcPeeringConnection",
      "CreateVpcPeeringConnection",
      "DeleteVpcPeeringConnection",
      "RejectVpcPeeringConnection",
      "AttachClassicLinkVpc",
      "DetachClassicLinkVpc",
      "DisableVpcClassicLink",
      "EnableVpcClassicLink",
    ])} }`,
    samples: { match: [], noMatch: EC2_NEAR_MISSES },
  },
  /*
   * 4.15 (v1.4.0-v3.0.0; absent from v1.2.0): changes to the organization, its accounts, units
   * and policies. No documented Organizations record was available; near misses: an STS call and
   * IAM/KMS creations with names close to Organizations' (CreateUser, CreateKey).
   */
  "organizations-changes": {
    id: "organizations-changes",
    recommendation: "4.15",
    description: "AWS Organizations changed",
    metricName: "OrganizationsChanges",
    pattern: `{ ($.eventSource = "organizations.amazonaws.com") && (${anyEventName([
      "AcceptHandshake",
      "AttachPolicy",
      "CreateAccount",
      "CreateOrganizationalUnit",
      "CreatePolicy",
      "DeclineHandshake",
      "DeleteOrganization",
      "DeleteOrganizationalUnit",
      "DeletePolicy",
      "DetachPolicy",
      "DisablePolicyType",
      "EnablePolicyType",
      "InviteAccountToOrganization",
      "LeaveOrganization",
      "MoveAccount",
      "RemoveAccountFromOrganization",
      "UpdatePolicy",
      "UpdateOrganizationalUnit",
    ])}) }`,
    samples: { match: [], noMatch: [`${IAM_GUIDE}#1`, `${LOG_EXAMPLES}#3`, kms("ct-createkey")] },
  },
};

/** The control's samples as log lines (each record's JSON), for the filter-pattern engine. */
export function cisSamples(control: CisControl): PatternSamples {
  return { match: control.samples.match.map(recordLine), noMatch: control.samples.noMatch.map(recordLine) };
}
