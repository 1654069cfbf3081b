import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

function obskit(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ["cli/obskit.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("obskit plan", () => {
  it("--json prints exactly the DESIGN.md contract on stdout, every Output resolved", () => {
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
  });

  it("prints a readable resource tree with key settings and the outputs", () => {
    const r = obskit("plan", "--stack", "prod");
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

  it("fails with exit code 2 and the known stacks for an unknown stack, or a missing --stack", () => {
    const r = obskit("plan", "--stack", "qa");
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('no stack "qa"');
    expect(r.stderr).to.match(/stacks: dev, prod/);
    expect(obskit("plan").status).to.equal(2);
  });
});
