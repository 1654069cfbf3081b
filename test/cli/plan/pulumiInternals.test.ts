import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { runUnderMocks } from "../../../cli/plan/mockRuntime";
import {
  PULUMI_INTERNALS,
  PulumiInternalsError,
  assertPulumiInternals,
  installedPulumiVersion,
  missingPulumiInternals,
  sdkRequire,
  type ModuleLoader,
} from "../../../cli/plan/pulumiInternals";

/** The installed SDK, except that `module`'s exports are replaced by `change(exports)`. */
function sdkWith(module: string, change: (exports: Record<string, unknown>) => object): ModuleLoader {
  const load = sdkRequire();
  return (id) => (id === module ? change({ ...(load(id) as Record<string, unknown>) }) : load(id));
}

describe("@pulumi/pulumi internals the mock runtime relies on (canary)", () => {
  it("are all in the installed @pulumi/pulumi", () => {
    // fails with PulumiInternalsError: the installed version and each missing internal, by module and path
    assertPulumiInternals();
  });

  it("an upgrade that drops one fails naming the installed version, the module and the internal", () => {
    const load = sdkWith("@pulumi/pulumi/runtime/state", ({ withLocalStorage: _gone, ...rest }) => rest);
    const version = installedPulumiVersion();

    expect(() => assertPulumiInternals(load))
      .to.throw(PulumiInternalsError)
      .with.property("message")
      .that.includes(`@pulumi/pulumi ${version} (installed)`)
      .and.includes("@pulumi/pulumi/runtime/state: withLocalStorage (function): it is missing");
    expect(missingPulumiInternals(load)).to.have.length(1);
  });

  it("names a proto getter that is gone, and a module that no longer loads", () => {
    const noGetter = sdkWith("@pulumi/pulumi/proto/alias_pb", (e) => {
      const Alias = e.Alias as { prototype: object; Spec: unknown };
      const prototype = Object.create(Object.getPrototypeOf(Alias.prototype)) as Record<string, unknown>;
      for (const [k, v] of Object.entries(Object.getOwnPropertyDescriptors(Alias.prototype)))
        if (k !== "getSpec") Object.defineProperty(prototype, k, v);
      return { ...e, Alias: { prototype, Spec: Alias.Spec } };
    });
    const sdk = sdkRequire();
    const noModule: ModuleLoader = (id) => {
      if (id === "@pulumi/pulumi/runtime/debuggable") throw new Error(`Cannot find module '${id}'`);
      return sdk(id);
    };

    expect(missingPulumiInternals(noGetter)).to.deep.equal([
      "@pulumi/pulumi/proto/alias_pb: Alias.prototype.getSpec (function): it is missing (it reads a declared alias)",
    ]);
    expect(missingPulumiInternals(noModule)).to.have.length(1);
    expect(missingPulumiInternals(noModule)[0]).to.match(
      /^@pulumi\/pulumi\/runtime\/debuggable: debuggablePromise .*its module cannot be loaded/,
    );
  });

  it("a function it replaces must stay replaceable (a getter-only export would ignore the replacement)", () => {
    const load = sdkWith("@pulumi/pulumi/runtime/debuggable", (e) =>
      Object.defineProperty({ ...e }, "debuggablePromise", {
        get: () => e.debuggablePromise,
        enumerable: true,
      }),
    );

    expect(missingPulumiInternals(load)).to.deep.equal([
      "@pulumi/pulumi/runtime/debuggable: debuggablePromise (assignable function): it can no longer be replaced (not a writable property of the module) (it is wrapped so the SDK does not format a stack trace for every promise it tracks, a fifth of a plan's time)",
    ]);
  });

  it("a mock monitor that no longer hands a registration straight to the mocks fails the run, naming the version", async () => {
    // the runtime matches a registration's URN, parent and options to the newResource call it causes
    const { MockMonitor } = sdkRequire()("@pulumi/pulumi/runtime/mocks") as {
      MockMonitor: { prototype: { registerResource: (...a: unknown[]) => Promise<void> } };
    };
    const original = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = async function (this: unknown, ...a: unknown[]) {
      await Promise.resolve();
      return original.apply(this, a);
    };
    let failure: unknown;
    try {
      await runUnderMocks({ project: "p", stack: "s", config: {}, program: () => ({}) });
    } catch (error) {
      failure = error;
    } finally {
      MockMonitor.prototype.registerResource = original;
    }

    expect(failure).to.be.instanceOf(PulumiInternalsError);
    expect((failure as Error).message)
      .to.include(`@pulumi/pulumi ${installedPulumiVersion()} (installed)`)
      .and.include(
        "MockMonitor.registerResource no longer calls the mocks' newResource before its first await",
      );
  });

  it("lists every @pulumi/pulumi module the plan code loads beyond the package's entry point", () => {
    // a deep require of the SDK elsewhere in cli/plan/ would be an internal the canary does not check
    const dir = path.join(__dirname, "..", "..", "..", "cli", "plan");
    const listed = new Set(PULUMI_INTERNALS.map((i) => i.module));
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      for (const m of source.matchAll(/(?<!import type .*)(?:require\(|from )"(@pulumi\/pulumi\/[^"]+)"/g))
        expect(listed, `${file} loads ${m[1]}`).to.include(m[1]);
    }
  });
});
