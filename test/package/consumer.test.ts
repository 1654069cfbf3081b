/**
 * The package as another repository gets it: built (`scripts/build-package.ts`) and `npm pack`ed
 * once, installed into a fresh temporary project (outside this repository, so nothing resolves from
 * our node_modules by accident) that depends only on it and on `@pulumi/pulumi` / `@pulumi/aws`,
 * type-checked and run under mocks.
 *
 * Nothing is downloaded: the tarball is unpacked where npm would put it, and the packages it
 * declares (its dependencies, the Pulumi peers, and `@types/node`, which a TypeScript Pulumi
 * project has) are linked to this repository's installed copies — the versions the package pins —
 * so the consumer and the mocks share one `@pulumi/pulumi`. A require of anything undeclared fails.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import type { MockRun } from "../../cli/plan/mockRuntime";
import * as source from "../../components";
import { PROCESSOR_ASSET, PROCESSOR_ENTRY } from "../../components/processingPath/processingPath";
import { bundleLambdaOnce } from "../../components/shared/lambda";
import { buildPackage, type BuiltPackage } from "../../scripts/build-package";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import type * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { runProgram } from "../support/mocks";
import { overTheWire } from "../support/wire";
import { CONSUMER_PROGRAM, DEEP_IMPORTS, LEAKS_PROGRAM, otherLanguageProgram } from "./consumer";

const ROOT = path.resolve(__dirname, "..", "..");
const NAME = "@obskit/components";
/** The issue's bound on the tarball. */
const MAX_TARBALL_BYTES = 2 * 1024 * 1024;

/** Child types that carry tags in AWS, and those that cannot (a new child type must be listed). */
const TAGGABLE = new Set([
  "aws:cloudtrail/trail:Trail",
  "aws:cloudwatch/contributorInsightRule:ContributorInsightRule",
  "aws:cloudwatch/eventRule:EventRule",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  "aws:dynamodb/table:Table",
  "aws:iam/role:Role",
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  "aws:kms/key:Key",
  "aws:lambda/function:Function",
  "aws:s3/bucket:Bucket",
  "aws:sns/topic:Topic",
  "aws:sqs/queue:Queue",
]);
const UNTAGGABLE = new Set([
  "aws:cloudwatch/dashboard:Dashboard",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
  "aws:cloudwatch/queryDefinition:QueryDefinition",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:kms/alias:Alias",
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  "aws:lambda/permission:Permission",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:sqs/queuePolicy:QueuePolicy",
]);

/** `require`, for files the test writes at run time. */
const load = createRequire(__filename);

/** The installed version of `dep` in this repository. */
const versionOf = (dep: string): string =>
  (
    JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", dep, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;

/** The parts of the package schema the tests read (Pulumi's package schema format). */
interface PackageSchema {
  name: string;
  resources: Record<
    string,
    { isComponent?: boolean; properties: Record<string, unknown>; inputProperties: Record<string, unknown> }
  >;
  types: Record<string, { type: string; enum?: { value: unknown }[] }>;
}

/** The components plugin/index.ts must offer: all of them. */
const OFFERED = ["LogsKey", "LogPipeline", "AlertingPath", "ProcessingPath", "AuditTrail", "Dashboard"];

function link(target: string, at: string): void {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at, "dir");
}

/** Every module specifier a declaration file names (imports, exports, `import()` types, references). */
function specifiersOf(dts: string): string[] {
  const found: string[] = [];
  for (const re of [
    /\bfrom\s+["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /^\s*import\s+["']([^"']+)["']/gm,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\/\/\/\s*<reference\s+(?:path|types)=["']([^"']+)["']/g,
  ])
    for (const m of dts.matchAll(re)) found.push(m[1]);
  return found;
}

function filesUnder(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(ext))
    .map((d) => path.join(d.parentPath, d.name));
}

describe("the installable package (npm pack → fresh consumer project)", function () {
  this.timeout(240_000);
  let work: string;
  let built: BuiltPackage;
  let consumer: string;
  let installed: string;
  let tsc: { status: number | null; output: string };
  let run: MockRun;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "obskit-package-"));
    built = buildPackage({ dir: path.join(work, "package"), pack: true });

    consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);
    const manifest = {
      name: "obskit-consumer",
      version: "1.0.0",
      private: true,
      dependencies: {
        [NAME]: `file:${built.tarball}`,
        "@pulumi/pulumi": versionOf("@pulumi/pulumi"),
        "@pulumi/aws": versionOf("@pulumi/aws"),
      },
    };
    fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify(manifest, null, 2));
    // What `npm install` of the tarball does, offline: unpack it as node_modules/@obskit/components
    // (real files, so its requires resolve only from this project), then provide what it declares
    // (dependencies and the Pulumi peers) from this repository's installed copies, and nothing else.
    installed = path.join(consumer, "node_modules", ...NAME.split("/"));
    fs.mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["xzf", built.tarball!, "-C", installed, "--strip-components=1"]);
    const declared = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const dep of [...Object.keys(declared.dependencies), "@pulumi/pulumi", "@pulumi/aws", "@types/node"])
      link(path.join(ROOT, "node_modules", dep), path.join(consumer, "node_modules", dep));

    fs.writeFileSync(path.join(consumer, "program.ts"), CONSUMER_PROGRAM);
    fs.writeFileSync(path.join(consumer, "leaks.ts"), LEAKS_PROGRAM);
    fs.writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "node16",
          moduleResolution: "node16",
          strict: true,
          types: ["node"],
          skipLibCheck: true,
          outDir: "out",
        },
        files: ["program.ts", "leaks.ts"],
      }),
    );
    // one compiler run: type-checks both files and emits program.js (leaks.ts must fail)
    const result = spawnSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--pretty", "false"],
      {
        cwd: consumer,
        encoding: "utf8",
      },
    );
    tsc = { status: result.status, output: `${result.stdout}${result.stderr}` };

    const program = path.join(consumer, "out", "program.js");
    run = await runProgram(() => (load(program) as { compose(): unknown }).compose());
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("packs into a tarball under 2 MB holding the compiled library, its data and the handler assets", () => {
    expect(built.tarballBytes).to.be.below(MAX_TARBALL_BYTES);
    const listing = execFileSync("tar", ["tzf", built.tarball!], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    expect(listing).to.include.members([
      "package/package.json",
      "package/index.js",
      "package/index.d.ts",
      "package/CHANGELOG.md",
      "package/README.md",
      "package/assets/manifest.json",
      `package/assets/${PROCESSOR_ASSET}/index.js`,
      "package/auditTrail/records/kms-developer-guide--ct-disablekey.json",
    ]);
    // TypeScript sources only under src/ (for Pulumi's schema inference), exactly those of the
    // compiled files; no handler sources, no bundler, no tests
    const sources = listing.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    const compiled = listing.filter((f) => f.endsWith(".js") && !f.startsWith("package/assets/"));
    expect(sources.sort()).to.deep.equal(
      compiled.map((f) => f.replace(/^package\//, "package/src/").replace(/\.js$/, ".ts")).sort(),
    );
    expect(
      listing.filter((f) => /\/(handler\/(?!contract)|shared\/(lambda|buildCache)\.)/.test(f)),
    ).to.deep.equal([]);
    const records = fs.readdirSync(path.join(ROOT, "components", "auditTrail", "records"));
    expect(listing.filter((f) => f.startsWith("package/auditTrail/records/"))).to.have.length(records.length);
  });

  it("declares its version, peers and exactly the runtime dependencies the compiled code requires", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      version: string;
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      devDependencies?: unknown;
    };
    expect(pkg.version).to.equal(source.VERSION);
    expect(Object.keys(pkg.peerDependencies)).to.include.members(["@pulumi/pulumi", "@pulumi/aws"]);
    expect(pkg.devDependencies).to.equal(undefined);
    const required = new Set<string>();
    for (const file of filesUnder(installed, ".js")) {
      if (file.includes(`${path.sep}assets${path.sep}`)) continue; // self-contained bundles
      for (const m of fs.readFileSync(file, "utf8").matchAll(/\brequire(?:\.resolve)?\("([^"]+)"\)/g)) {
        const spec = m[1];
        if (spec.startsWith(".") || spec.startsWith("node:") || builtinModules.includes(spec)) continue;
        required.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
      }
    }
    expect([...required].sort()).to.deep.equal(
      [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)].sort(),
    );
    // pinned to the versions this repository tests with (and links into the consumer)
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const [dep, version] of Object.entries(pkg.dependencies))
      expect(version, dep).to.equal(root.dependencies[dep]);
    // what the package needs at deploy time is what it declares; esbuild is not among it
    expect(fs.existsSync(path.join(consumer, "node_modules", "esbuild"))).to.equal(false);
  });

  it("exports exactly the public API of components/index.ts", () => {
    const req = createRequire(path.join(consumer, "package.json"));
    const lib = req(NAME) as Record<string, unknown>;
    expect(Object.keys(lib).sort()).to.deep.equal(Object.keys(source).sort());
    for (const name of [
      "LogPipeline",
      "AlertingPath",
      "ProcessingPath",
      "AuditTrail",
      "Dashboard",
      "Metric",
      "LogsKey",
    ])
      expect(lib[name], name).to.be.a("function");
    expect(lib.VERSION).to.equal(source.VERSION);
  });

  it("loads as named imports in an ES module program too", () => {
    const names = [
      "LogPipeline",
      "AlertingPath",
      "ProcessingPath",
      "AuditTrail",
      "Dashboard",
      "Metric",
      "LogsKey",
      "VERSION",
    ];
    const esm = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { ${names.join(", ")} } from "${NAME}";\nconsole.log(JSON.stringify([${names.map((n) => `typeof ${n}`).join(", ")}, VERSION]));`,
      ],
      { cwd: consumer, encoding: "utf8" },
    );
    expect(esm.status, esm.stderr).to.equal(0);
    expect(JSON.parse(esm.stdout)).to.deep.equal([
      ...names.slice(0, -1).map(() => "function"),
      "string",
      source.VERSION,
    ]);
  });

  it("refuses every deep import, at run time and for the compiler", () => {
    const req = createRequire(path.join(consumer, "package.json"));
    for (const deep of DEEP_IMPORTS) {
      expect(() => req.resolve(deep), deep)
        .to.throw()
        .with.property("code")
        .that.is.oneOf(["ERR_PACKAGE_PATH_NOT_EXPORTED", "MODULE_NOT_FOUND"]);
    }
    const errors = tsc.output.split("\n").filter((l) => /error TS\d+/.test(l));
    expect(errors.filter((l) => l.startsWith("leaks.ts")).length, tsc.output).to.equal(DEEP_IMPORTS.length);
    for (const l of errors.filter((l) => l.startsWith("leaks.ts")))
      expect(l).to.match(/error TS(2307|2732): Cannot find module/);
  });

  it("type-checks a program composing every component through the public API", () => {
    const programErrors = tsc.output
      .split("\n")
      .filter((l) => /error TS\d+/.test(l) && !l.startsWith("leaks.ts"));
    expect(programErrors, tsc.output).to.deep.equal([]);
  });

  it("ships declarations that reference only the package's own files, its dependencies and its peers", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const problems: string[] = [];
    for (const file of filesUnder(installed, ".d.ts")) {
      for (const spec of specifiersOf(fs.readFileSync(file, "utf8"))) {
        const where = `${path.relative(installed, file)}: ${spec}`;
        if (spec.startsWith(".")) {
          const target = path.resolve(path.dirname(file), spec);
          const inside = !path.relative(installed, target).startsWith("..");
          const exists = [".d.ts", "/index.d.ts", ""].some((ext) => fs.existsSync(`${target}${ext}`));
          if (!inside || !exists) problems.push(where);
        } else if (!spec.startsWith("node:") && !builtinModules.includes(spec)) {
          const pkgName = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
          if (!allowed.has(pkgName)) problems.push(where);
        }
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it("runs under mocks: every component declared, with its version output", () => {
    for (const cls of ["LogsKey", "LogPipeline", "AlertingPath", "ProcessingPath", "AuditTrail", "Dashboard"])
      expect(
        run.resources.filter((r) => r.type === `obskit:index:${cls}`),
        cls,
      ).to.have.length.greaterThan(0);
    expect(run.outputs.version).to.equal(source.VERSION);
    expect(run.outputs.versions).to.deep.equal({
      LogsKey: source.VERSION,
      LogPipeline: source.VERSION,
      AlertingPath: source.VERSION,
      ProcessingPath: source.VERSION,
      AuditTrail: source.VERSION,
      Dashboard: source.VERSION,
    });
    expect(run.outputs.rejected).to.equal("ObskitArgsError");
    expect(run.outputs.dashboardUrl).to.be.a("string").and.contain("shop-ops");
  });

  it("tags every taggable child of every component with obskit:component and obskit:version", () => {
    const components = new Set(
      run.resources.filter((r) => r.type.startsWith("obskit:index:")).map((r) => r.urn),
    );
    const children = run.resources.filter(
      (r) => r.parent !== undefined && components.has(r.parent) && r.custom,
    );
    expect(children).to.have.length.greaterThan(0);
    const unknown = [...new Set(children.map((r) => r.type))].filter(
      (t) => !TAGGABLE.has(t) && !UNTAGGABLE.has(t),
    );
    expect(unknown, "classify these child types as taggable or not").to.deep.equal([]);
    const untagged = children
      .filter((r) => TAGGABLE.has(r.type))
      .filter((r) => {
        const tags = r.inputs.tags as Record<string, string> | undefined;
        return tags?.["obskit:version"] !== source.VERSION || !tags["obskit:component"];
      })
      .map((r) => `${r.type} ${r.name}`);
    expect(untagged).to.deep.equal([]);
  });

  it("deploys the pre-bundled handler asset, the same code esbuild builds from the sources", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(installed, "assets", "manifest.json"), "utf8"),
    ) as Record<string, { file: string; sha256: string; bytes: number }>;
    const fromSource = bundleLambdaOnce(PROCESSOR_ENTRY);
    expect(manifest[PROCESSOR_ASSET].sha256).to.equal(fromSource.sha256);
    const fn = run.resources.find(
      (r) => r.type === "aws:lambda/function:Function" && r.name === "incidents-processor",
    );
    expect(fn, "the processor function").to.not.equal(undefined);
    expect(String(fn!.inputs.description)).to.contain(`bundle sha256 ${fromSource.sha256.slice(0, 12)}`);
  });

  describe("other languages: plugin/ as `pulumi package add` runs it", () => {
    let plugin: string;
    let offered: (new (...args: never[]) => object)[];
    /** The provider the plugin host starts, and the package schema it answers `GetSchema` with. */
    let provider: ComponentProvider;
    let schema: PackageSchema;

    before(async () => {
      plugin = path.join(work, "plugin");
      fs.mkdirSync(plugin);
      for (const f of ["package.json", "tsconfig.json", "index.ts", "PulumiPlugin.yaml"])
        fs.copyFileSync(path.join(ROOT, "plugin", f), path.join(plugin, f));
      // what `npm install` in plugin/ gives: the packed package as real files, the rest as the consumer has it
      for (const entry of fs.readdirSync(path.join(consumer, "node_modules")))
        if (entry !== "@obskit")
          link(path.join(consumer, "node_modules", entry), path.join(plugin, "node_modules", entry));
      fs.cpSync(installed, path.join(plugin, "node_modules", ...NAME.split("/")), { recursive: true });
      offered = getPulumiComponents(load(path.join(plugin, "index.ts"))) as typeof offered;
      // one schema inference, as the host runs it: read by both tests below
      provider = new ComponentProvider({ dirname: plugin, name: "obskit", components: offered as never });
      schema = JSON.parse(await provider.getSchema()) as PackageSchema;
    });

    it("offers every component, and Pulumi's schema inference accepts each one's args and outputs", () => {
      const pluginPkg = JSON.parse(fs.readFileSync(path.join(plugin, "package.json"), "utf8")) as {
        name: string;
        dependencies: Record<string, string>;
      };
      // the plugin's name is the provider name: it must give the components' type tokens, obskit:index:<Name>
      expect(pluginPkg.name).to.equal("obskit");
      expect(pluginPkg.dependencies[NAME]).to.contain(`-${source.VERSION}.tgz`);
      const names = offered.map((c) => c.name).sort();
      expect(names).to.deep.equal([...OFFERED].sort());
      expect(schema.name).to.equal(pluginPkg.name);
      expect(Object.keys(schema.resources).sort()).to.deep.equal(names.map((n) => `obskit:index:${n}`));
      for (const name of names) {
        const resource = schema.resources[`obskit:index:${name}`];
        expect(resource.isComponent, name).to.equal(true);
        expect(resource.properties, name).to.have.property("version");
        expect(Object.keys(resource.inputProperties), name).to.have.length.greaterThan(0);
      }
      // every description reads as text in the generated SDKs (a `{@link}` in a doc comment the
      // inference reads becomes "[object Object]")
      const garbled: string[] = [];
      const walk = (node: unknown, at: string): void => {
        if (!node || typeof node !== "object") return;
        for (const [k, v] of Object.entries(node)) {
          if (k === "description" && typeof v === "string" && v.includes("[object Object]")) garbled.push(at);
          walk(v, `${at}.${k}`);
        }
      };
      walk(schema, "schema");
      expect(garbled).to.deep.equal([]);
      // the enum objects reach the schema as enums, with their values
      expect(schema.types["obskit:index:LogClass"]).to.deep.include({ type: "string" });
      expect(schema.types["obskit:index:LogClass"].enum!.map((e) => e.value)).to.deep.equal([
        "STANDARD",
        "INFREQUENT_ACCESS",
      ]);
      // the README's table lists every component as offered
      const readme = fs.readFileSync(path.join(ROOT, "components", "README.md"), "utf8");
      const section = readme.slice(readme.indexOf("## Other languages"));
      for (const cls of OFFERED) {
        const row = section.split("\n").find((l) => l.startsWith(`| \`${cls}\``));
        expect(row, `README row for ${cls}`).to.not.equal(undefined);
        expect(row!.includes("| yes |"), `${cls}: README says ${row}`).to.equal(true);
      }
    });

    it("constructs every component from plain data as another language sends it, through the component provider", async () => {
      const constructed: Record<string, Record<string, unknown>> = {};
      const wired = await runProgram(async () => {
        const construct = async (type: string, name: string, args: object) => {
          const result = await provider.construct(name, `obskit:index:${type}`, await overTheWire(args), {});
          // what the host sends back: the outputs the schema names, serialized
          const [state] = await rpc.serializeResourceProperties(`construct(${type})`, result.state);
          constructed[type] = state as Record<string, unknown>;
          return result.state as Record<string, pulumi.Output<string>>;
        };
        await otherLanguageProgram(construct);
        return {};
      });
      for (const cls of OFFERED) {
        expect(
          wired.resources.filter((r) => r.type === `obskit:index:${cls}`),
          cls,
        ).to.have.length.greaterThan(0);
        expect(constructed[cls], cls).to.have.property("version", source.VERSION);
      }
      expect(
        wired.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => r.name),
      ).to.include.members(["alerts-alarm-PaymentFailures", "incidents-dlq-alarm"]);
    });
  });
});
