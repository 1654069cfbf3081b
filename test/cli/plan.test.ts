import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run, type FailedPlanJson } from "../../cli/commands/plan";
import { renderPlan } from "../../cli/plan/render";
import { readStackConfig } from "../../cli/plan/stackConfig";
import { planOf } from "../support/mocks";

const ROOT = path.resolve(__dirname, "../..");
/** The real CLI as `npm run obskit` runs it: the one smoke test of the command line. */
function obskit(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["cli/launch.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `obskit plan` in this process, with its output captured. */
async function plan(
  argv: string[],
  root?: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, root);
  return { status, stdout, stderr };
}

/** A copy of this repository's program with one more stack file, `Pulumi.<stack>.yaml`. */
function repoWithStack(stack: string, yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-plan-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(
    path.join(dir, "index.ts"),
    `module.exports = require(${JSON.stringify(path.join(ROOT, "index.ts"))});\n`,
  );
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
  return dir;
}

describe("obskit plan", () => {
  it("--json prints exactly the DESIGN.md contract on stdout, every Output resolved", async () => {
    const r = obskit("plan", "--stack", "dev", "--json");
    expect(r.status, r.stderr).to.equal(0);
    const plan = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(plan)).to.deep.equal(["project", "stack", "resources", "outputs", "policy"]);
    expect(plan).to.deep.include({ project: "obskit", stack: "dev" });
    const resources = plan.resources as Record<string, unknown>[];
    expect(resources.length).to.be.greaterThan(20);
    for (const res of resources) {
      expect(Object.keys(res)).to.deep.equal(["urn", "type", "name", "parent", "inputs", "protect"]);
      expect(String(res.urn)).to.match(/^urn:pulumi:dev::obskit::/);
      expect(typeof res.protect).to.equal("boolean");
    }
    const urns = new Set(resources.map((res) => res.urn));
    for (const res of resources)
      if (res.parent !== null) expect(urns.has(res.parent), String(res.urn)).to.equal(true);
    expect(r.stdout).not.to.match(/Calling \[to(String|JSON)\]|\[object Object\]|OutputImpl|__pulumi/);
    // Lambda bundles are described (size, hash), not inlined; resource references are URNs.
    const fn = resources.find((res) => res.name === "incidents-processor") as { inputs: { code: unknown } };
    expect(fn.inputs.code)
      .to.have.nested.property("assetArchive.index\\.js.stringAsset.bytes")
      .that.is.a("number");
    expect((plan.policy as { violations: unknown[] }).violations).to.be.an("array");
    expect((plan.outputs as Record<string, Record<string, string>>).logGroupNames.orders).to.equal(
      "/smart-orders/processor",
    );
    // the compiled launcher plans exactly what the program plans in this process
    expect(plan).to.deep.equal(JSON.parse(JSON.stringify((await planOf("dev")).json)));
  });

  it("prints a readable resource tree with key settings and the outputs", async () => {
    const r = await plan(["--stack", "prod"]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Plan for obskit\/prod: \d+ resources/);
    expect(r.stdout).to.contain("├─ obskit:index:LogPipeline  orders");
    expect(r.stdout).to.match(
      /aws:cloudwatch\/logGroup:LogGroup\s+orders-logs\s+name=\/smart-orders\/processor\s+retention=30d.*\[protected\]/,
    );
    expect(r.stdout).to.match(/metric=SmartOrders\/PaymentFailures/);
    expect(r.stdout).to.contain("Outputs:\n");
    expect(r.stdout).to.contain("Data sources answered by mocks with fake values (account 123456789012)");
  });

  it("counts the same resources the JSON lists, the stack resource included", async () => {
    const { model, json } = await planOf("dev");
    const first = renderPlan(model, json.policy.violations).split("\n")[0];
    const stacks = json.resources.filter((r) => r.type === "pulumi:pulumi:Stack").length;
    expect(stacks).to.equal(1);
    expect(first).to.match(
      new RegExp(
        `^Plan for obskit/dev: ${json.resources.length} resources: 1 stack, \\d+ components, \\d+ cloud resources `,
      ),
    );
    const [, components, cloud] = /(\d+) components, (\d+) cloud/.exec(first) ?? [];
    expect(1 + Number(components) + Number(cloud)).to.equal(json.resources.length);
  });

  it("fails with exit code 2 and the known stacks for an unknown stack, or a missing --stack", async () => {
    const r = await plan(["--stack", "qa"]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('no stack "qa"');
    expect(r.stderr).to.match(/stacks: dev, prod/);
    expect((await plan([])).status).to.equal(2);
  });

  describe("several stacks in one process", () => {
    it("--stack dev --stack prod --json prints an array of the single-stack plans, in order", async () => {
      const r = await plan(["--stack", "dev", "--stack", "prod", "--json"]);
      expect(r.status).to.equal(0);
      const plans = JSON.parse(r.stdout) as { stack: string; resources: { urn: string }[] }[];
      expect(plans.map((p) => p.stack)).to.deep.equal(["dev", "prod"]);
      // each is the same plan a single-stack run gives
      for (const p of plans) {
        const alone = (await planOf(p.stack)).json;
        expect(p.resources.map((x) => x.urn)).to.deep.equal(alone.resources.map((x) => x.urn));
      }
    });

    it("--all plans every Pulumi.<stack>.yaml, each under a heading", async () => {
      const r = await plan(["--all"]);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.match(/^== stack dev ==\n/);
      expect(r.stdout).to.contain("\n== stack prod ==\n");
      expect(await plan(["--all", "--stack", "dev"])).to.include({ status: 2 });
    });

    it("exits with the worst status of its stacks, and still plans the good ones", async () => {
      const yaml = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
      const root = repoWithStack("dev", yaml);
      fs.writeFileSync(
        path.join(root, "Pulumi.zbroken.yaml"),
        yaml.replace(/logRetentionDays: \d+/, "logRetentionDays: 8"),
      );
      try {
        const r = await plan(["--all", "--json"], root);
        expect(r.status).to.equal(2);
        // the retention is the LogPipeline's rule: planning the broken stack reports it, naming the argument
        expect(r.stderr).to.contain('obskit plan (stack zbroken): LogPipeline "orders"');
        expect(r.stderr).to.contain("`retentionInDays` must be one of 1, 3, 5, 7, 14, 30");
        expect((JSON.parse(r.stdout) as { stack: string }[]).map((p) => p.stack)).to.deep.equal(["dev"]);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe("a program whose component arguments are invalid", () => {
    let root: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-plan-"));
      fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
      fs.writeFileSync(path.join(root, "Pulumi.bad.yaml"), "config:\n  aws:region: eu-west-1\n");
      fs.writeFileSync(
        path.join(root, "index.ts"),
        [
          `const { LogPipeline } = require(${JSON.stringify(path.join(ROOT, "components"))});`,
          'new LogPipeline("orders", {',
          '  logGroupName: "/smart-orders/processor",',
          "  retentionInDays: 8,",
          '  metricFilters: [{ name: "F", pattern: "{ $.ms > 2000 }", namespace: "AWS/Logs", samples: { match: [\'{"ms":5000}\'] } }],',
          "});",
          "",
        ].join("\n"),
      );
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("--json prints the problems as data: component, name, path, value, reason, fix, and the message", async () => {
      const r = await plan(["--stack", "bad", "--json"], root);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(/^obskit plan: LogPipeline "orders": 3 invalid arguments:/);
      expect(r.stderr).to.not.match(/\n\s+at /);
      const out = JSON.parse(r.stdout) as FailedPlanJson;
      expect(out).to.deep.include({ stack: "bad", ok: false });
      expect(out.error.name).to.equal("ObskitArgsError");
      expect(
        out.problems.map((p) => ({
          component: p.component,
          name: p.name,
          propertyPath: p.propertyPath,
          value: p.value,
        })),
      ).to.deep.equal([
        { component: "LogPipeline", name: "orders", propertyPath: "retentionInDays", value: 8 },
        {
          component: "LogPipeline",
          name: "orders",
          propertyPath: "metricFilters[0].namespace",
          value: "AWS/Logs",
        },
        {
          component: "LogPipeline",
          name: "orders",
          propertyPath: "metricFilters[0].samples",
          value: "$.ms > 2000",
        },
      ]);
      for (const p of out.problems) {
        expect(p.reason).to.be.a("string").and.not.equal("");
        expect(p.fix).to.be.a("string").and.not.equal("");
        // the message is the one the error lists
        expect(out.error.message).to.contain(`  - ${p.message}`);
      }
      // without --json: the same message, and nothing on stdout
      const text = await plan(["--stack", "bad"], root);
      expect(text).to.deep.include({ status: 2, stdout: "" });
      expect(text.stderr).to.equal(r.stderr);
    });
  });

  describe("bad config", () => {
    let root: string;
    before(() => {
      const yaml = fs
        .readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")
        .replace("  obskit:logClass: STANDARD", "  obskt:logClass: STANDARD")
        .replace("    timeoutSeconds: 30", "    timeoutSeconds: .nan")
        .replace("    - oncall-dev@example.com", "    - oncall-dev@example.com\n    - OnCall-Dev@example.com")
        .replace("    cost-center: observability-dev", "    cost-center: 42");
      root = repoWithStack("broken", yaml);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("exits 2 and says each problem once, naming key, value and what is allowed, without a stack trace", async () => {
      // a second report with a stack trace came from a promise the SDK left rejected and unawaited
      const unhandled: unknown[] = [];
      const record = (reason: unknown): void => void unhandled.push(reason);
      process.on("unhandledRejection", record);
      let r;
      try {
        r = await plan(["--stack", "broken"], root);
        await new Promise((resolve) => setImmediate(resolve)); // Node reports unhandled rejections before it
      } finally {
        process.off("unhandledRejection", record);
      }
      expect(unhandled.map(String)).to.deep.equal([]);
      expect(r.status).to.equal(2);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.equal(
        [
          "obskit plan: invalid stack configuration (4 problems):",
          '  - obskt:logClass is in an unknown namespace "obskt" (got "STANDARD"); known namespaces: obskit, aws, awsx, docker-build, pulumi; did you mean obskit:logClass?',
          '  - obskit:alertEmails[1] must not repeat obskit:alertEmails[0] ("oncall-dev@example.com"): addresses are compared case-insensitively and each gets one subscription; list it once (got "OnCall-Dev@example.com")',
          "  - obskit:tags.cost-center must be text (tag values are strings: quote numbers and booleans in YAML) (got 42)",
          "  - obskit:realtime.timeoutSeconds must be a number (got .nan)",
          "",
        ].join("\n"),
      );
    });

    it("hands YAML's .nan and .inf over as typed, not as null", () => {
      const dir = repoWithStack(
        "nan",
        "config:\n  obskit:logRetentionDays: .inf\n  obskit:realtime:\n    timeoutSeconds: -.inf\n    memoryMb: .nan\n",
      );
      try {
        expect(readStackConfig(dir, "nan", "obskit")).to.deep.equal({
          "obskit:logRetentionDays": ".inf",
          "obskit:realtime": '{"timeoutSeconds":"-.inf","memoryMb":".nan"}',
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
