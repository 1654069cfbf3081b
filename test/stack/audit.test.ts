import { expect } from "chai";
import { REPO_ROOT } from "../../cli/plan/plan";
import { readStackConfig } from "../../cli/plan/stackConfig";
import { CIS_CONTROL_IDS } from "../../components";
import { composeAudit } from "../../stack/audit";
import { parseSettings } from "../../stack/settings";
import { createShared } from "../../stack/shared";
import type { ObskitProblem } from "../../components/errors";
import { expectProblems, problemAt, problemsIn, thrown } from "../support/errors";
import { ofType, one, planOf, runProgram } from "../support/mocks";

const TRAIL = "aws:cloudtrail/trail:Trail";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";

/** The dev stack's config with `obskit:audit` changed by `edit`. */
function devWith(edit: (audit: Record<string, unknown>) => void): Record<string, string> {
  const config = readStackConfig(REPO_ROOT, "dev", "obskit");
  const audit = JSON.parse(config["obskit:audit"]) as Record<string, unknown>;
  edit(audit);
  return { ...config, "obskit:audit": JSON.stringify(audit) };
}

/** Only the audit system of a stack, planned from `config`. */
function auditOnly(config: Record<string, string>) {
  return runProgram(() => {
    const s = parseSettings(config);
    return composeAudit(s, createShared(s)).outputs;
  });
}

describe("the audit system (obskit:audit)", function () {
  this.timeout(60_000);

  for (const stack of ["dev", "prod"] as const)
    it(`${stack}: the trail, its bucket and group, and the CIS alarms by control are stack outputs`, async () => {
      const { run } = await planOf(stack);
      const o = run.outputs as Record<string, Record<string, string> | string>;
      const trail = one(run, TRAIL);
      expect(o.trailName).to.equal(`obskit-${stack}`);
      expect(o.trailArn).to.equal(`arn:aws:cloudtrail:eu-west-1:123456789012:trail/obskit-${stack}`);
      expect(o.trailBucketName).to.equal(trail.inputs.s3BucketName);
      expect((o.logGroupNames as Record<string, string>).trail).to.equal(`/aws/cloudtrail/obskit-${stack}`);
      const cis = o.cisAlarmNames as Record<string, string>;
      expect(Object.keys(cis)).to.deep.equal([...CIS_CONTROL_IDS]);
      for (const id of CIS_CONTROL_IDS) {
        expect(cis[id]).to.equal(`${stack}-cis-${id}`);
        expect((o.alarmNames as Record<string, string>)[`cis:${id}`]).to.equal(cis[id]);
      }
      const locks = ofType(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
      if (stack === "prod") {
        expect(locks.map((l) => l.inputs.rule)).to.deep.equal([
          { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
        ]);
        expect(trail.protect).to.equal(true);
        expect(one(run, "aws:s3/bucket:Bucket", "audit-bucket").protect).to.equal(true);
        const selectors = trail.inputs.advancedEventSelectors as { name: string }[];
        expect(selectors.map((s) => s.name)).to.deep.equal([
          "Management events",
          "S3 object events",
          "Lambda invocations",
        ]);
      } else {
        expect(locks).to.have.length(0);
        expect(trail.protect).to.equal(false);
      }
    });

  it("a control set to false in obskit:audit.cis has neither filter nor alarm", async () => {
    const run = await auditOnly(
      devWith((a) => (a.cis = { "organizations-changes": false, "nacl-changes": false })),
    );
    expect(ofType(run, FILTER)).to.have.length(13);
    const controls = ofType(run, ALARM).map(
      (a) => (a.inputs.tags as Record<string, string>)["obskit:cis-control"],
    );
    expect(controls).to.have.length(13);
    expect(controls).to.not.include.members(["organizations-changes", "nacl-changes"]);
    expect(Object.keys(run.outputs.cisAlarmNames as object)).to.not.include("nacl-changes");
  });

  it("disabled: no trail, empty outputs", async () => {
    const run = await auditOnly(devWith((a) => (a.enabled = false)));
    expect(ofType(run, TRAIL)).to.have.length(0);
    expect(run.outputs).to.deep.equal({
      trailName: "",
      trailArn: "",
      trailBucketName: "",
      cisAlarmNames: {},
    });
  });

  it("an existing bucket and key from config are used instead of created ones", async () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-0000-1111-2222-333344445555";
    const run = await auditOnly(
      devWith((a) => {
        delete a.transitionAfterDays;
        delete a.expireAfterDays;
        a.existingBucketName = "org-audit-logs";
        a.existingKeyArn = key;
      }),
    );
    expect(ofType(run, "aws:s3/bucket:Bucket")).to.have.length(0);
    expect(one(run, TRAIL).inputs).to.include({ s3BucketName: "org-audit-logs", kmsKeyId: key });
  });

  it("rejects an existing bucket combined with bucket settings, and half an Object Lock (the AuditTrail's rules)", async () => {
    /** The AuditTrail's construction problems, planning the audit system from `config`. */
    const auditProblems = async (config: Record<string, string>): Promise<readonly ObskitProblem[]> => {
      let err: unknown;
      await runProgram(() => {
        err = thrown(() => {
          const s = parseSettings(config);
          composeAudit(s, createShared(s));
        });
      });
      return problemsIn(err as Error, "AuditTrail");
    };
    const existing = await auditProblems(devWith((a) => (a.existingBucketName = "org-audit-logs")));
    const both = problemAt(existing, "bucket");
    expect(both.value, "the settings of a bucket to create").to.deep.equal([
      "transitionAfterDays",
      "expireAfterDays",
    ]);
    expect(both.reason).to.equal("names an existing bucket and also sets fields of a bucket to create");
    expect(both.fix).to.contain("either `existingBucketName` or the settings");
    const halfLock = await auditProblems(devWith((a) => (a.objectLockMode = "GOVERNANCE")));
    expectProblems(halfLock, [{ propertyPath: "bucket.objectLock.days", value: undefined }]);
    expect(halfLock[0].reason).to.equal("must be a whole number of days from 1 to 36500");
  });
});
