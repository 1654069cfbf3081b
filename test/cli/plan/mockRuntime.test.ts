import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { runUnderMocks, type MockRun } from "../../../cli/plan/mockRuntime";
import { REPO_ROOT, runStack } from "../../../cli/plan/plan";
import { readProjectName, readStackConfig } from "../../../cli/plan/stackConfig";

const exec = promisify(execFile);

/** The run of `stack` made alone in a child process (`printRun.ts`), as it prints it. */
async function runInChildProcess(stack: string): Promise<MockRun> {
  const { stdout } = await exec(
    process.execPath,
    [path.join(REPO_ROOT, "cli", "launch.js"), "--entry", path.join(__dirname, "printRun.ts"), stack],
    { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
  );
  return JSON.parse(stdout) as MockRun;
}

function runHere(stack: string): Promise<MockRun> {
  return runStack(REPO_ROOT, stack, readStackConfig(REPO_ROOT, stack, readProjectName(REPO_ROOT)));
}

/**
 * A run as comparable JSON. Secrets become `"[secret]"`, as `obskit plan --json` shows them: a
 * secret the program draws at random (the analyzer's origin header) differs between any two runs,
 * two processes included.
 */
function comparable(run: MockRun): unknown {
  const mask = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(mask);
    const o = v as Record<string, unknown>;
    if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return "[secret]";
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, mask(x)]));
  };
  return mask(JSON.parse(JSON.stringify(run)));
}

/** Asserts `actual` is `expected`, naming the first resource that differs (a 600 KB diff helps no one). */
function expectSameRun(actual: MockRun, expected: MockRun, what: string): void {
  const a = comparable(actual) as MockRun;
  const e = comparable(expected) as MockRun;
  expect(
    a.resources.map((r) => r.urn),
    `${what}: resources`,
  ).to.deep.equal(e.resources.map((r) => r.urn));
  a.resources.forEach((r, i) => expect(r, `${what}: ${r.urn}`).to.deep.equal(e.resources[i]));
  expect(a.outputs, `${what}: stack outputs`).to.deep.equal(e.outputs);
  expect(a.calls, `${what}: data source calls`).to.deep.equal(e.calls);
  expect(a, what).to.deep.equal(e);
}

describe("runUnderMocks: runs in one process give what separate processes give", function () {
  // two child processes, then five plans here
  this.timeout(300_000);
  const alone: Record<string, MockRun> = {};

  before(async () => {
    const [dev, prod] = await Promise.all([runInChildProcess("dev"), runInChildProcess("prod")]);
    alone.dev = dev;
    alone.prod = prod;
    // the two stacks differ, so a run that saw the other's config or resources would show it
    expect(comparable(dev)).to.not.deep.equal(
      comparable({ ...prod, project: dev.project, stack: dev.stack }),
    );
  });

  it("dev and prod planned at the same time each give their own process's plan", async () => {
    const [dev, prod] = await Promise.all([runHere("dev"), runHere("prod")]);

    expectSameRun(dev, alone.dev, "dev, planned beside prod");
    expectSameRun(prod, alone.prod, "prod, planned beside dev");
  });

  it("dev, then prod, then dev: each run starts clean (config, stack name, resources, component outputs)", async () => {
    const first = await runHere("dev");
    const prod = await runHere("prod");
    const again = await runHere("dev");

    expectSameRun(first, alone.dev, "first dev");
    expectSameRun(prod, alone.prod, "prod after dev");
    expectSameRun(again, alone.dev, "dev after prod");
    // components' registered outputs are part of the comparison: make sure there are some
    expect(again.resources.filter((r) => r.outputs !== undefined).length).to.be.greaterThan(5);
  });
});

/** A component that records what its run's config and stack were when it was built. */
class Probe extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Probe", name, {}, opts);
    const seen = {
      stack: pulumi.getStack(),
      project: pulumi.getProject(),
      value: new pulumi.Config("probe").get("value"),
    };
    this.registerOutputs({ seen });
  }
}

/** A program that builds `count` probes, yielding to the event loop between them. */
function interleaved(label: string, count: number): () => Promise<Record<string, unknown>> {
  return async () => {
    const probes: Probe[] = [];
    for (let i = 0; i < count; i++) {
      probes.push(new Probe(`${label}-${i}`));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      label,
      config: new pulumi.Config("probe").get("value") ?? "(unset)",
      stack: pulumi.getStack(),
      count: probes.length,
    };
  };
}

describe("runUnderMocks: concurrent runs are isolated", () => {
  it("two runs interleaving their resources each record only their own, with their own config and stack", async () => {
    const [a, b] = await Promise.all([
      runUnderMocks({
        project: "pa",
        stack: "sa",
        config: { "probe:value": "A" },
        program: interleaved("a", 20),
      }),
      runUnderMocks({
        project: "pb",
        stack: "sb",
        config: { "probe:value": "B" },
        program: interleaved("b", 20),
      }),
    ]);

    for (const [run, label, project, stack, value] of [
      [a, "a", "pa", "sa", "A"],
      [b, "b", "pb", "sb", "B"],
    ] as const) {
      const probes = run.resources.filter((r) => r.type === "test:index:Probe");
      expect(probes.map((r) => r.name)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `${label}-${i}`));
      for (const p of probes) {
        expect(p.urn).to.equal(
          `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack$test:index:Probe::${p.name}`,
        );
        expect(p.parent).to.equal(
          `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`,
        );
        expect(p.outputs).to.deep.equal({ seen: { stack, project, value } });
      }
      expect(run.resources).to.have.length(21); // the probes and the stack
      expect(run.outputs).to.deep.equal({ label, config: value, stack, count: 20 });
    }
  });

  it("a run whose program throws fails alone: the run beside it completes, and the next run starts clean", async () => {
    const broken = async () => {
      new Probe("before-failure");
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error("bad component args");
    };

    const [failed, ok] = await Promise.allSettled([
      runUnderMocks({ project: "p", stack: "broken", config: { "probe:value": "X" }, program: broken }),
      runUnderMocks({
        project: "p",
        stack: "fine",
        config: { "probe:value": "Y" },
        program: interleaved("y", 5),
      }),
    ]);
    const next = await runUnderMocks({
      project: "p",
      stack: "next",
      config: {},
      program: interleaved("n", 1),
    });

    expect(failed.status).to.equal("rejected");
    expect((failed as PromiseRejectedResult).reason).to.have.property("message", "bad component args");
    expect(ok.status).to.equal("fulfilled");
    const fine = (ok as PromiseFulfilledResult<MockRun>).value;
    expect(fine.resources.map((r) => r.name)).to.deep.equal(["p-fine", "y-0", "y-1", "y-2", "y-3", "y-4"]);
    expect(next.resources.map((r) => r.name)).to.deep.equal(["p-next", "n-0"]);
    // config is the run's own: the key the failed and concurrent runs set is unset here
    expect(next.resources[1].outputs).to.deep.equal({ seen: { stack: "next", project: "p" } });
    expect(next.outputs.config).to.equal("(unset)");
  });
});
