/**
 * The CIS monitoring filters against real CloudTrail records (components/auditTrail/records/, each
 * from an AWS documentation page named in its file): each filter's own samples, then every
 * collected record through the filter-pattern engine compared with an independent evaluation of
 * the control's intent written here as plain predicates over the parsed record.
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import {
  CIS_CONTROLS,
  CIS_CONTROL_IDS,
  LogPipeline,
  ObskitArgsError,
  type CisControlId,
} from "../../../components";
import { RECORDS_DIR, documentedRecords } from "../../../components/auditTrail/records";
import { cisSamples } from "../../../components/auditTrail/cis";
import { compileFilterPattern } from "../../../components/filterPattern";
import { checkPattern } from "../../../components/logPipeline/patterns";
import { expectProblems, problemsIn, rejection } from "../../support/errors";
import { runProgram } from "../../support/mocks";

type Rec = Record<string, unknown> & {
  eventName?: string;
  eventSource?: string;
  eventType?: string;
  errorCode?: string;
  errorMessage?: string;
  sourceIPAddress?: string;
  userIdentity?: { type?: string; invokedBy?: string };
  additionalEventData?: { MFAUsed?: string };
  responseElements?: { ConsoleLogin?: string } | null;
};

const from = (source: string, names: string[]) => (r: Rec) =>
  r.eventSource === source && names.includes(r.eventName ?? "");
const named = (names: string[]) => (r: Rec) => names.includes(r.eventName ?? "");

/** Each control's intent, written independently of the filter patterns. */
const INTENT: Record<CisControlId, (r: Rec) => boolean> = {
  "unauthorized-api-calls": (r) =>
    typeof r.errorCode === "string" &&
    (r.errorCode.endsWith("UnauthorizedOperation") || r.errorCode.startsWith("AccessDenied")) &&
    r.sourceIPAddress !== "delivery.logs.amazonaws.com" &&
    r.eventName !== "HeadBucket",
  "console-signin-without-mfa": (r) =>
    r.eventName === "ConsoleLogin" &&
    r.userIdentity?.type === "IAMUser" &&
    r.responseElements?.ConsoleLogin === "Success" &&
    typeof r.additionalEventData?.MFAUsed === "string" &&
    r.additionalEventData.MFAUsed !== "Yes",
  "root-account-usage": (r) =>
    r.userIdentity?.type === "Root" &&
    r.userIdentity.invokedBy === undefined &&
    r.eventType !== "AwsServiceEvent",
  "iam-policy-changes": from("iam.amazonaws.com", [
    ...["Group", "Role", "User"].flatMap((k) => [
      `Delete${k}Policy`,
      `Put${k}Policy`,
      `Attach${k}Policy`,
      `Detach${k}Policy`,
    ]),
    "CreatePolicy",
    "DeletePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
  ]),
  "cloudtrail-config-changes": from("cloudtrail.amazonaws.com", [
    "CreateTrail",
    "UpdateTrail",
    "DeleteTrail",
    "StartLogging",
    "StopLogging",
  ]),
  "console-auth-failures": (r) =>
    r.eventName === "ConsoleLogin" &&
    (r.errorMessage === "Failed authentication" || r.responseElements?.ConsoleLogin === "Failure"),
  "cmk-disable-or-deletion": from("kms.amazonaws.com", ["DisableKey", "ScheduleKeyDeletion"]),
  "s3-bucket-policy-changes": from(
    "s3.amazonaws.com",
    ["Acl", "Policy", "Cors", "Lifecycle", "Replication"]
      .map((k) => `PutBucket${k}`)
      .concat(["Policy", "Cors", "Lifecycle", "Replication"].map((k) => `DeleteBucket${k}`)),
  ),
  "aws-config-changes": from("config.amazonaws.com", [
    "StopConfigurationRecorder",
    "DeleteDeliveryChannel",
    "PutDeliveryChannel",
    "PutConfigurationRecorder",
  ]),
  "security-group-changes": named(
    ["Authorize", "Revoke"]
      .flatMap((v) => [`${v}SecurityGroupIngress`, `${v}SecurityGroupEgress`])
      .concat(["CreateSecurityGroup", "DeleteSecurityGroup"]),
  ),
  "nacl-changes": named([
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
  ]),
  "network-gateway-changes": named([
    "CreateCustomerGateway",
    "DeleteCustomerGateway",
    "AttachInternetGateway",
    "CreateInternetGateway",
    "DeleteInternetGateway",
    "DetachInternetGateway",
  ]),
  "route-table-changes": from("ec2.amazonaws.com", [
    "CreateRoute",
    "CreateRouteTable",
    "ReplaceRoute",
    "ReplaceRouteTableAssociation",
    "DeleteRouteTable",
    "DeleteRoute",
    "DisassociateRouteTable",
  ]),
  "vpc-changes": named([
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
  ]),
  "organizations-changes": from("organizations.amazonaws.com", [
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
  ]),
};

/** How many of the collected records each control's intent selects (a change here is a change of data or intent). */
const EXPECTED_COUNTS: Record<CisControlId, number> = {
  "unauthorized-api-calls": 0,
  "console-signin-without-mfa": 2,
  "root-account-usage": 6,
  "iam-policy-changes": 0,
  "cloudtrail-config-changes": 1,
  "console-auth-failures": 4,
  "cmk-disable-or-deletion": 4,
  "s3-bucket-policy-changes": 1,
  "aws-config-changes": 4,
  "security-group-changes": 0,
  "nacl-changes": 0,
  "network-gateway-changes": 0,
  "route-table-changes": 0,
  "vpc-changes": 0,
  "organizations-changes": 0,
};

describe("CIS monitoring controls on real CloudTrail records", () => {
  const records = documentedRecords();

  it("the collection: every file names its documentation page, every record is a CloudTrail record", () => {
    const files = readdirSync(RECORDS_DIR).filter((f) => f.endsWith(".json"));
    expect(files.length).to.be.greaterThan(50);
    for (const f of files) {
      const { source } = JSON.parse(readFileSync(path.join(RECORDS_DIR, f), "utf8")) as {
        source: { title: string; url: string };
      };
      expect(source.title, f).to.be.a("string").and.not.equal("");
      expect(source.url, f).to.match(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
    expect(records.length).to.be.greaterThan(100);
    for (const r of records) {
      expect(r.record.eventSource, r.id).to.match(/\.amazonaws\.com$/);
      expect(r.record.eventVersion, r.id).to.be.a("string");
      expect(r.record.eventTime, r.id).to.be.a("string");
      expect(r.url, r.id).to.match(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  it("has the 15 controls of the contract, in the benchmark's order, each with a distinct metric", () => {
    expect(Object.keys(CIS_CONTROLS)).to.deep.equal([...CIS_CONTROL_IDS]);
    expect(new Set(CIS_CONTROL_IDS.map((id) => CIS_CONTROLS[id].metricName)).size).to.equal(15);
    expect(CIS_CONTROL_IDS.map((id) => CIS_CONTROLS[id].recommendation)).to.deep.equal(
      Array.from({ length: 15 }, (_, i) => `4.${i + 1}`),
    );
  });

  for (const id of CIS_CONTROL_IDS) {
    describe(id, () => {
      const c = CIS_CONTROLS[id];
      const matcher = compileFilterPattern(c.pattern);

      it("its real samples behave as declared (the check the component runs at construction)", () => {
        expect(checkPattern(c.pattern, cisSamples(c))).to.deep.equal([]);
        expect(c.samples.noMatch.length).to.be.greaterThan(0);
        // the independent evaluation agrees with the declaration too
        const byId = new Map(records.map((r) => [r.id, r.record as Rec]));
        for (const s of c.samples.match) expect(INTENT[id](byId.get(s)!), s).to.equal(true);
        for (const s of c.samples.noMatch) expect(INTENT[id](byId.get(s)!), s).to.equal(false);
      });

      it("over every collected record, the engine selects exactly what the independent evaluation selects", () => {
        const byEngine = records.filter((r) => matcher(r.line).matched).map((r) => r.id);
        const byIntent = records.filter((r) => INTENT[id](r.record as Rec)).map((r) => r.id);
        expect(byEngine).to.deep.equal(byIntent);
        expect(byEngine.length).to.equal(EXPECTED_COUNTS[id]);
        // every real record the control selects is one of its declared samples
        expect(c.samples.match).to.have.members(byIntent);
      });
    });
  }

  describe("controls the documentation shows no matching record for: records derived from real ones", () => {
    // NOT real records: a real record (named) with the event name or error code changed, so the
    // positive side of each pattern is exercised. The real-record checks are above.
    const base = (id: string) => structuredClone(records.find((r) => r.id === id)!.record) as Rec;
    const derived: [CisControlId, string, (r: Rec) => void][] = [
      [
        "unauthorized-api-calls",
        "cloudtrail-user-guide--cloudtrail-log-file-examples#5",
        (r) => (r.errorCode = "AccessDenied"),
      ],
      [
        "unauthorized-api-calls",
        "kms-developer-guide--ct-ec2two#0",
        (r) => (r.errorCode = "Client.UnauthorizedOperation"),
      ],
      [
        "iam-policy-changes",
        "cloudtrail-user-guide--cloudtrail-log-file-examples#4",
        (r) => (r.eventName = "AttachUserPolicy"),
      ],
      [
        "security-group-changes",
        "kms-developer-guide--ct-ec2two#0",
        (r) => (r.eventName = "AuthorizeSecurityGroupIngress"),
      ],
      ["nacl-changes", "kms-developer-guide--ct-ec2two#0", (r) => (r.eventName = "ReplaceNetworkAclEntry")],
      [
        "network-gateway-changes",
        "kms-developer-guide--ct-ec2two#0",
        (r) => (r.eventName = "AttachInternetGateway"),
      ],
      ["route-table-changes", "kms-developer-guide--ct-ec2two#0", (r) => (r.eventName = "CreateRoute")],
      ["vpc-changes", "kms-developer-guide--ct-ec2two#0", (r) => (r.eventName = "CreateVpc")],
      [
        "organizations-changes",
        "iam-user-guide--cloudtrail-integration#1",
        (r) => ((r.eventSource = "organizations.amazonaws.com"), (r.eventName = "LeaveOrganization")),
      ],
      [
        "root-account-usage",
        "cloudtrail-user-guide--cloudtrail-event-reference-aws-console-sign-in-events#8",
        (r) => (r.userIdentity!.invokedBy = "cloudformation.amazonaws.com"),
      ],
    ];
    for (const [id, from, change] of derived)
      it(`${id}: ${from} changed`, () => {
        const r = base(from);
        change(r);
        const matched = compileFilterPattern(CIS_CONTROLS[id].pattern)(JSON.stringify(r)).matched;
        expect(matched).to.equal(INTENT[id](r));
        // the root record invoked by a service must NOT match; every other derived record must
        expect(matched).to.equal(id !== "root-account-usage");
      });

    it("unauthorized-api-calls: the two exclusions hold together with the error test", () => {
      const m = compileFilterPattern(CIS_CONTROLS["unauthorized-api-calls"].pattern);
      const r = base("cloudtrail-user-guide--cloudtrail-log-file-examples#5");
      r.errorCode = "AccessDenied";
      r.sourceIPAddress = "delivery.logs.amazonaws.com";
      expect(m(JSON.stringify(r)).matched).to.equal(false);
      r.sourceIPAddress = "192.0.2.1";
      r.eventName = "HeadBucket";
      expect(m(JSON.stringify(r)).matched).to.equal(false);
    });
  });

  describe("broken patterns published for the benchmark", () => {
    const BROKEN_CONFIG =
      "{($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)($.eventName=PutConfigurationRecorder))}";

    it("the AWS Config pattern missing an `||` is a syntax error, rejected at preview", async () => {
      const [syntax] = checkPattern(BROKEN_CONFIG);
      expect(syntax).to.deep.include({ propertyPath: "pattern", value: BROKEN_CONFIG });
      expect(syntax.reason).to.match(/column/);
      const err = await rejection(
        runProgram(() => {
          new LogPipeline("trail", {
            logGroupName: "/aws/cloudtrail/audit",
            metricFilters: [{ name: "AWSConfigChanges", pattern: BROKEN_CONFIG, namespace: "CISBenchmark" }],
          });
        }),
      );
      expect(err).to.be.instanceOf(ObskitArgsError);
      expectProblems(problemsIn(err, "LogPipeline", "trail"), [
        { propertyPath: "metricFilters[0].pattern", value: BROKEN_CONFIG },
      ]);
    });

    it("the unauthorized-API pattern with `||` between the exclusions matches nearly every record; ours none of the non-errors", () => {
      const published =
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress != "delivery.logs.amazonaws.com") || ($.eventName != "HeadBucket") }';
      const wrong = compileFilterPattern(published);
      const ours = compileFilterPattern(CIS_CONTROLS["unauthorized-api-calls"].pattern);
      const wrongCount = records.filter((r) => wrong(r.line).matched).length;
      expect(wrongCount).to.be.greaterThan(records.length * 0.9);
      expect(records.filter((r) => ours(r.line).matched)).to.have.length(0);
    });
  });
});
