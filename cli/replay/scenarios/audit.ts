/**
 * Audit trail scenarios (the CIS controls): the real CloudTrail records printed in the AWS
 * documentation (components/auditTrail/records), each delivered to the trail's log group as one log
 * event, the record's JSON on one line, exactly as CloudTrail delivers it. For the CIS controls whose
 * events the documentation never prints (their `samples.match` is empty), the record is DERIVED from
 * a named real one: the same record with only the fields listed changed (see {@link DERIVED_RECORDS}).
 */
import {
  CIS_CONTROL_IDS,
  CIS_CONTROLS,
  type CisControlId,
  documentedRecords,
  recordLine,
} from "../../../components/auditTrail";
import { logGroup } from "./plan";
import type { Scenario, ScenarioContext } from "./types";

/** A CloudTrail record derived from a documented one, for a control the documentation shows no event of. */
export interface DerivedRecord {
  /** The control it triggers. */
  control: CisControlId;
  /** Id of the documented record it is derived from (`records.ts`). */
  derivedFrom: string;
  /** The fields replaced (top level); everything else is the documented record's. */
  changes: Record<string, unknown>;
}

// Documented records the derivations start from.
const EC2_START_INSTANCES = "cloudtrail-user-guide--cloudtrail-log-file-examples#0";
const IAM_CREATE_USER = "cloudtrail-user-guide--cloudtrail-log-file-examples#3";

/** DERIVED records: one per CIS control without a documented matching record. */
export const DERIVED_RECORDS: readonly DerivedRecord[] = [
  {
    control: "unauthorized-api-calls",
    derivedFrom: EC2_START_INSTANCES,
    // EC2 refuses the call: the error CloudTrail records for a missing ec2:StartInstances permission
    changes: {
      errorCode: "Client.UnauthorizedOperation",
      errorMessage: "You are not authorized to perform this operation.",
      responseElements: null,
    },
  },
  {
    control: "iam-policy-changes",
    derivedFrom: IAM_CREATE_USER,
    changes: {
      eventName: "PutUserPolicy",
      requestParameters: {
        userName: "Bob",
        policyName: "s3-read",
        policyDocument:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      },
      responseElements: null,
    },
  },
  {
    control: "security-group-changes",
    derivedFrom: EC2_START_INSTANCES,
    changes: {
      eventName: "AuthorizeSecurityGroupIngress",
      requestParameters: {
        groupId: "sg-0123456789abcdef0",
        ipPermissions: {
          items: [
            { ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } },
          ],
        },
      },
      responseElements: { _return: true },
    },
  },
  {
    control: "nacl-changes",
    derivedFrom: EC2_START_INSTANCES,
    changes: {
      eventName: "CreateNetworkAclEntry",
      requestParameters: {
        networkAclId: "acl-0123456789abcdef0",
        ruleNumber: 100,
        egress: false,
        ruleAction: "allow",
        protocol: "-1",
        cidrBlock: "0.0.0.0/0",
      },
      responseElements: { _return: true },
    },
  },
  {
    control: "network-gateway-changes",
    derivedFrom: EC2_START_INSTANCES,
    changes: {
      eventName: "AttachInternetGateway",
      requestParameters: { internetGatewayId: "igw-0123456789abcdef0", vpcId: "vpc-0123456789abcdef0" },
      responseElements: { _return: true },
    },
  },
  {
    control: "route-table-changes",
    derivedFrom: EC2_START_INSTANCES,
    changes: {
      eventName: "CreateRoute",
      requestParameters: {
        routeTableId: "rtb-0123456789abcdef0",
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: "igw-0123456789abcdef0",
      },
      responseElements: { _return: true },
    },
  },
  {
    control: "vpc-changes",
    derivedFrom: EC2_START_INSTANCES,
    changes: {
      eventName: "CreateVpc",
      requestParameters: { cidrBlock: "10.0.0.0/16", instanceTenancy: "default" },
      responseElements: {
        vpc: { vpcId: "vpc-0123456789abcdef0", state: "pending", cidrBlock: "10.0.0.0/16" },
      },
    },
  },
  {
    control: "organizations-changes",
    derivedFrom: IAM_CREATE_USER,
    changes: {
      eventSource: "organizations.amazonaws.com",
      eventName: "CreateAccount",
      requestParameters: { accountName: "sandbox", email: "sandbox@example.com" },
      responseElements: {
        createAccountStatus: { id: "car-0123456789abcdef0123456789abcdef", state: "IN_PROGRESS" },
      },
    },
  },
];

/** The log line of a derived record: the documented record with `changes` applied. */
export function derivedRecordLine(d: DerivedRecord): string {
  const base = documentedRecords().find((r) => r.id === d.derivedFrom);
  if (!base) throw new Error(`no documented CloudTrail record ${JSON.stringify(d.derivedFrom)}`);
  return JSON.stringify({ ...base.record, ...d.changes });
}

/** One event that triggers `control`: its first documented matching record, else its derived one. */
export function controlEventLine(control: CisControlId): { line: string; source: string } {
  const documented = CIS_CONTROLS[control].samples.match[0];
  if (documented !== undefined) return { line: recordLine(documented), source: documented };
  const derived = DERIVED_RECORDS.find((d) => d.control === control);
  if (!derived) throw new Error(`CIS control ${control} has neither a documented nor a derived record`);
  return { line: derivedRecordLine(derived), source: `derived from ${derived.derivedFrom}` };
}

/**
 * Routine account activity from the documentation: instance starts and stops, a key pair, a user
 * added to a group, an IAM read, role assumptions, a sign-in with MFA, KMS data-key and decrypt
 * calls, a key enabled and a deletion cancelled, AWS Config reads, an S3 read. No CIS control may
 * count any of it.
 */
export const ROUTINE_RECORDS: readonly string[] = [
  "cloudtrail-user-guide--cloudtrail-log-file-examples#0",
  "cloudtrail-user-guide--cloudtrail-log-file-examples#1",
  "cloudtrail-user-guide--cloudtrail-log-file-examples#2",
  "cloudtrail-user-guide--cloudtrail-log-file-examples#3",
  "cloudtrail-user-guide--cloudtrail-log-file-examples#4",
  "iam-user-guide--cloudtrail-integration#0",
  "iam-user-guide--cloudtrail-integration#1",
  "iam-user-guide--cloudtrail-integration#3",
  "cloudtrail-user-guide--cloudtrail-event-reference-aws-console-sign-in-events#1",
  "cloudtrail-user-guide--cloudtrail-event-reference-aws-console-sign-in-events#3",
  "kms-developer-guide--ct-generatedatakey#0",
  "kms-developer-guide--ct-decrypt#0",
  "kms-developer-guide--ct-enablekey#0",
  "kms-developer-guide--ct-cancel-key-deletion#0",
  "config-developer-guide--cloudtrail-log-files-for-aws-config#1",
  "config-developer-guide--cloudtrail-log-files-for-aws-config#2",
  "s3-userguide--cloudtrail-logging-understanding-s3-entries#0",
];

/** Delivers `lines` to the trail's log group from `atMinute`, 10 s apart. */
function deliver(ctx: ScenarioContext, lines: readonly string[], atMinute: number): void {
  const group = logGroup(ctx, "trail");
  lines.forEach((message, i) =>
    ctx.feed({
      logGroup: group,
      timestamp: ctx.startMs + atMinute * 60_000 + i * 10_000,
      message,
      logStream: "123456789012_CloudTrail_eu-west-1",
    }),
  );
}

const routine = () => ROUTINE_RECORDS.map(recordLine);
const cis = (ids: readonly CisControlId[]) => ids.map((id) => `cis:${id}`);
const except = (ids: readonly CisControlId[]) => cis(CIS_CONTROL_IDS.filter((id) => !ids.includes(id)));

/** When the root sign-in and the CMK deletion happen (minutes after the start). */
const EVENT_MINUTE = 3;
/**
 * The CIS alarms' 5-minute period holding the event ends at most 5 minutes after it (periods follow
 * the clock, not the scenario), and the alarm is evaluated in the minute after.
 */
const CIS_ALARM_LAG_MINUTES = 6;

/** The root user's console sign-in (the CloudTrail guide's record). */
export const ROOT_SIGN_IN = "cloudtrail-user-guide--cloudtrail-event-reference-aws-console-sign-in-events#5";
/** A KMS key scheduled for deletion and one disabled (the KMS guide's records). */
export const CMK_DELETION = [
  "kms-developer-guide--ct-schedule-key-deletion#0",
  "kms-developer-guide--ct-disablekey#0",
];

export const AUDIT_SCENARIOS: Scenario[] = [
  {
    name: "audit: routine activity",
    description:
      "Ten minutes of routine account activity, every record a real one from the AWS documentation (instance starts and stops, IAM reads, role assumptions, an MFA sign-in, KMS data keys): no CIS alarm fires.",
    systems: ["audit"],
    writes: "CloudTrail records",
    durationMinutes: 10,
    expect: { fires: [], quiet: cis(CIS_CONTROL_IDS) },
    drive: (ctx) => {
      for (let m = 0; m < 10; m += 2) deliver(ctx, routine(), m);
    },
  },
  {
    name: "audit: root console login",
    description:
      "Routine activity, then at minute 3 the root user signs in to the console (the CloudTrail guide's root ConsoleLogin record): the root-account-usage control fires; no sign-in control for IAM users does.",
    systems: ["audit"],
    writes: "CloudTrail records",
    durationMinutes: 10,
    expect: {
      fires: ["cis:root-account-usage"],
      quiet: except(["root-account-usage"]),
    },
    timing: { "cis:root-account-usage": { byMinute: EVENT_MINUTE + CIS_ALARM_LAG_MINUTES } },
    drive: (ctx) => {
      deliver(ctx, routine(), 0);
      deliver(ctx, [recordLine(ROOT_SIGN_IN)], EVENT_MINUTE);
      deliver(ctx, routine(), 6);
    },
  },
  {
    name: "audit: CMK deletion",
    description:
      "Routine activity, then at minute 3 a KMS key is scheduled for deletion and another disabled (the KMS guide's ScheduleKeyDeletion and DisableKey records): the CMK disable-or-deletion control fires.",
    systems: ["audit"],
    writes: "CloudTrail records",
    durationMinutes: 10,
    expect: {
      fires: ["cis:cmk-disable-or-deletion"],
      quiet: except(["cmk-disable-or-deletion"]),
    },
    timing: { "cis:cmk-disable-or-deletion": { byMinute: EVENT_MINUTE + CIS_ALARM_LAG_MINUTES } },
    drive: (ctx) => {
      deliver(ctx, routine(), 0);
      deliver(ctx, CMK_DELETION.map(recordLine), EVENT_MINUTE);
      deliver(ctx, routine(), 6);
    },
  },
  {
    name: "audit: every CIS control",
    description:
      "One event per CIS monitoring control at minute 2: the documentation's own record where it prints one, otherwise a record derived from a named documented one (labelled in DERIVED_RECORDS): all 15 controls fire.",
    systems: ["audit"],
    writes: "CloudTrail records",
    durationMinutes: 8,
    expect: { fires: cis(CIS_CONTROL_IDS), quiet: [] },
    drive: (ctx) =>
      deliver(
        ctx,
        CIS_CONTROL_IDS.map((id) => controlEventLine(id).line),
        2,
      ),
  },
];
