import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../../cli/commands/plan";
import { POLICIES } from "../../policy/policies";
import { evaluate, policyPackConfig, PolicyConfigError, RULES, type PolicyContext } from "../../policy/rules";
import { parseSettings } from "../../stack/settings";
import { change, fixture } from "./fixture";

const ROOT = path.resolve(__dirname, "../..");
const levels = (ctx: PolicyContext) =>
  evaluate(change("lambda", { alarmActions: [] }), RULES, undefined, ctx).map(
    (v) => `${v.level} ${v.policy}`,
  );
const enforcement = (e: Record<string, string>): PolicyContext => ({
  settings: { policy: { enforcement: e } },
});

describe("policy context: per-stack enforcement (obskit:policy)", () => {
  it("a rule runs at its own level unless the stack's config sets another, or disables it", () => {
    expect(levels({ settings: {} })).to.deep.equal(["mandatory alarm-has-actions"]);
    expect(levels(enforcement({ "alarm-has-actions": "advisory" }))).to.deep.equal([
      "advisory alarm-has-actions",
    ]);
    expect(levels(enforcement({ "alarm-has-actions": "disabled" }))).to.deep.equal([]);
  });

  it("the settings accept the three levels and reject any other", () => {
    const base = {
      "aws:region": "eu-west-1",
      "obskit:environment": "dev",
      "obskit:logRetentionDays": "7",
      "obskit:protect": "false",
      "obskit:alertEmails": '["a@example.com"]',
      "obskit:alarms": '{"paymentFailures":{"threshold":1}}',
    };
    expect(parseSettings(base).policy).to.deep.equal({ enforcement: {} });
    const s = parseSettings({ ...base, "obskit:policy": '{"enforcement":{"s3-encrypted":"advisory"}}' });
    expect(s.policy.enforcement).to.deep.equal({ "s3-encrypted": "advisory" });
    expect(() =>
      parseSettings({ ...base, "obskit:policy": '{"enforcement":{"s3-encrypted":"off"}}' }),
    ).to.throw(
      /obskit:policy\.enforcement\.s3-encrypted must be one of advisory, mandatory, disabled \(got "off"\)/,
    );
  });

  it("the pack config carries each rule's level and the stack rules' settings; a rule name that does not exist is refused", () => {
    const ctx: PolicyContext = {
      settings: { policy: { enforcement: { "s3-encrypted": "advisory" } }, audit: {} },
    };
    const config = policyPackConfig(ctx, RULES);
    expect(Object.keys(config).sort()).to.deep.equal(RULES.map((r) => r.name).sort());
    expect(config["s3-encrypted"]).to.deep.equal({ enforcementLevel: "advisory", settings: ctx.settings });
    expect(config["log-group-kms"]).to.deep.equal({ enforcementLevel: "mandatory" });
    expect(() => policyPackConfig(enforcement({ "s3-encrypt": "advisory" }), RULES)).to.throw(
      PolicyConfigError,
      /obskit:policy\.enforcement\.s3-encrypt names no rule of the policy pack/,
    );
  });

  it("the @pulumi/policy stack policies read the settings from the pack config", () => {
    const cis = POLICIES.find((p) => p.name === "cis-controls-covered");
    if (!cis || !("validateStack" in cis) || typeof cis.validateStack !== "function")
      throw new Error("no stack policy");
    const noTrail = fixture().filter((r) => r.name !== "trail");
    const reported = (settings: Record<string, unknown>) => {
      const out: string[] = [];
      void cis.validateStack!(
        { resources: noTrail, getConfig: () => ({ settings }) } as never,
        (message: string) => out.push(message),
      );
      return out;
    };
    expect(reported({})).to.deep.equal([]);
    expect(reported({ audit: { enabled: true } })[0]).to.equal(
      "obskit:audit enables the CIS controls, but the stack declares no CloudTrail trail.",
    );
  });

  describe("obskit plan", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-policy-"));
      fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      fs.writeFileSync(
        path.join(dir, "index.ts"),
        `module.exports = require(${JSON.stringify(path.join(ROOT, "index.ts"))});\n`,
      );
      const yaml = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
      fs.writeFileSync(
        path.join(dir, "Pulumi.typo.yaml"),
        `${yaml}  obskit:policy:\n    enforcement:\n      s3-encrypt: advisory\n`,
      );
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("refuses an enforcement entry naming no rule (exit 2), and writes the pack config of a good stack", async () => {
      let stderr = "";
      const io = { stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
      expect(await run(["--stack", "typo"], io, dir)).to.equal(2);
      expect(stderr).to.contain("obskit:policy.enforcement.s3-encrypt names no rule of the policy pack");
      expect(stderr).to.not.contain("    at ");
      const file = path.join(dir, "pack.json");
      expect(await run(["--stack", "dev", "--policy-pack-config", file], io, ROOT)).to.equal(0);
      const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<
        string,
        { enforcementLevel: string; settings?: { environment?: string } }
      >;
      expect(config["cis-controls-covered"].enforcementLevel).to.equal("mandatory");
      expect(config["cis-controls-covered"].settings?.environment).to.equal("dev");
      expect(
        await run(["--stack", "dev", "--stack", "prod", "--policy-pack-config", file], io, ROOT),
      ).to.equal(2);
    });
  });
});
