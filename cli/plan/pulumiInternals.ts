/**
 * The parts of `@pulumi/pulumi` the mock runtime (`mockRuntime.ts`) uses that are not the SDK's
 * documented API, listed in one place with why each is needed. They are loaded from the installed
 * `@pulumi/pulumi` itself (its own copies of `google-protobuf` and the generated protocol classes),
 * and checked before a run: an SDK upgrade that renames or drops one fails with a message naming the
 * installed version and what is missing, instead of a `TypeError` deep in a plan or, worse, a plan
 * that silently records less (resources without URNs or parents).
 */
import { createRequire } from "node:module";

/** Loads a module by id, as `require` would from inside `@pulumi/pulumi`. */
export type ModuleLoader = (id: string) => unknown;

/** What a requirement must be. */
type Kind = "function" | "assignable function" | "string";

/** One internal: a module, a dotted path in it, what it must be and what the runtime does with it. */
export interface PulumiInternal {
  readonly module: string;
  readonly path: string;
  readonly kind: Kind;
  readonly why: string;
}

const SDK = "@pulumi/pulumi";
const STATE = `${SDK}/runtime/state`;
const SETTINGS = `${SDK}/runtime/settings`;
const DEBUGGABLE = `${SDK}/runtime/debuggable`;
const MOCKS = `${SDK}/runtime/mocks`;
const RESOURCE_PB = `${SDK}/proto/resource_pb`;
const ALIAS_PB = `${SDK}/proto/alias_pb`;
const STRUCT_PB = "google-protobuf/google/protobuf/struct_pb";
const ASSET = `${SDK}/asset`;

const each = (module: string, prefix: string, names: string[], why: string): PulumiInternal[] =>
  names.map((n) => ({ module, path: `${prefix}.${n}`, kind: "function", why }));

/** Every internal the mock runtime relies on. */
export const PULUMI_INTERNALS: readonly PulumiInternal[] = [
  {
    module: STATE,
    path: "withLocalStorage",
    kind: "function",
    why: "gives each run its own runtime state (config, project and stack, monitor, stack resource), so runs in one process do not share it",
  },
  {
    module: SETTINGS,
    path: "getMonitor",
    kind: "function",
    why: "reaches the run's mock monitor to record what MockResourceArgs does not carry (URN, parent, options) and components' registered outputs",
  },
  {
    module: SETTINGS,
    path: "waitForRPCs",
    kind: "function",
    why: "waits for the registrations still in flight when the program returns",
  },
  {
    module: DEBUGGABLE,
    path: "debuggablePromise",
    kind: "assignable function",
    why: "is wrapped so the SDK does not format a stack trace for every promise it tracks, a fifth of a plan's time",
  },
  ...each(
    MOCKS,
    "MockMonitor.prototype",
    ["registerResource", "registerResourceOutputs", "newUrn"],
    "is the mock monitor whose registrations the runtime records",
  ),
  ...each(
    RESOURCE_PB,
    "RegisterResourceRequest.prototype",
    [
      "getParent",
      "getType",
      "getName",
      "getProtect",
      "getRetainondelete",
      "getDependenciesList",
      "getIgnorechangesList",
      "getAliasesList",
      "getAliasurnsList",
    ],
    "reads a registration's parent, options and aliases, recorded with each resource",
  ),
  ...each(
    RESOURCE_PB,
    "RegisterResourceOutputsRequest.prototype",
    ["getUrn", "getOutputs"],
    "reads a component's registered outputs, recorded with the component",
  ),
  ...each(ALIAS_PB, "Alias.prototype", ["getUrn", "hasSpec", "getSpec"], "reads a declared alias"),
  ...each(
    ALIAS_PB,
    "Alias.Spec.prototype",
    ["getName", "getType", "getStack", "getProject", "getParenturn", "getNoparent"],
    "reads the parts of an alias spec",
  ),
  ...each(STRUCT_PB, "Struct.prototype", ["toJavaScript"], "turns registered outputs into plain values"),
  ...each(
    SDK,
    "runtime",
    ["setMocks", "setAllConfig", "runInPulumiStack"],
    "installs the mocks and the config, and runs the program as a stack",
  ),
  { module: SDK, path: "runtime.specialSigKey", kind: "string", why: "recognises secrets to mask them" },
  { module: SDK, path: "runtime.specialSecretSig", kind: "string", why: "recognises secrets to mask them" },
  ...each(
    ASSET,
    "Asset",
    ["isInstance"],
    "describes assets (size and hash) instead of inlining them; their `text`/`path`/`uri` fields are checked at run time",
  ),
  ...each(ASSET, "Archive", ["isInstance"], "describes archives by their `assets`/`path`/`uri` fields"),
];

/** `require` as seen from inside the installed `@pulumi/pulumi`: its own dependencies, not ours. */
export function sdkRequire(): ModuleLoader {
  return createRequire(require.resolve(`${SDK}/package.json`));
}

/** The installed `@pulumi/pulumi` version. */
export function installedPulumiVersion(load: ModuleLoader = sdkRequire()): string {
  try {
    return String((load(`${SDK}/package.json`) as { version?: unknown }).version ?? "unknown");
  } catch {
    return "unknown";
  }
}

/** What is wrong with one internal, or `undefined` when it is there. */
function problemOf(req: PulumiInternal, load: ModuleLoader): string | undefined {
  let holder: unknown;
  try {
    holder = load(req.module);
  } catch {
    return "its module cannot be loaded";
  }
  const parts = req.path.split(".");
  const last = parts.pop() as string;
  for (const p of parts) {
    holder = holder === null || holder === undefined ? undefined : (holder as Record<string, unknown>)[p];
    if (holder === undefined || holder === null) return `${p} is missing`;
  }
  const value = (holder as Record<string, unknown>)[last];
  if (req.kind === "string")
    return typeof value === "string" ? undefined : `it is ${typeof value}, not a string`;
  if (typeof value !== "function")
    return value === undefined ? "it is missing" : `it is ${typeof value}, not a function`;
  if (req.kind === "assignable function") {
    const d = Object.getOwnPropertyDescriptor(holder, last);
    if (d === undefined || !("value" in d) || d.writable !== true)
      return "it can no longer be replaced (not a writable property of the module)";
  }
  return undefined;
}

/** One line per internal that is missing or changed (empty when every one is there). */
export function missingPulumiInternals(
  load: ModuleLoader = sdkRequire(),
  internals: readonly PulumiInternal[] = PULUMI_INTERNALS,
): string[] {
  const out: string[] = [];
  for (const req of internals) {
    const problem = problemOf(req, load);
    if (problem !== undefined)
      out.push(`${req.module}: ${req.path} (${req.kind}): ${problem} (it ${req.why})`);
  }
  return out;
}

/** The SDK no longer has what the mock runtime relies on. */
export class PulumiInternalsError extends Error {
  constructor(
    readonly version: string,
    readonly problems: readonly string[],
  ) {
    super(
      `@pulumi/pulumi ${version} (installed) lacks ${problems.length === 1 ? "an internal" : "internals"} the offline plan relies on (cli/plan/mockRuntime.ts):\n${problems
        .map((p) => `  - ${p}`)
        .join(
          "\n",
        )}\nPin the @pulumi/pulumi version the plan was last tested with, or adapt cli/plan/pulumiInternals.ts and cli/plan/mockRuntime.ts to this one.`,
    );
    this.name = "PulumiInternalsError";
  }
}

/** Throws {@link PulumiInternalsError} naming the installed version and each missing internal. */
export function assertPulumiInternals(load: ModuleLoader = sdkRequire()): void {
  const problems = missingPulumiInternals(load);
  if (problems.length > 0) throw new PulumiInternalsError(installedPulumiVersion(load), problems);
}

/** A change of behaviour the runtime detects during a run (see `mockRuntime.ts`). */
export function internalsChanged(what: string, load: ModuleLoader = sdkRequire()): PulumiInternalsError {
  return new PulumiInternalsError(installedPulumiVersion(load), [what]);
}

/** The internals, typed as the runtime uses them. */
export interface LoadedInternals {
  state: { withLocalStorage<T>(callback: () => T): T };
  settings: { getMonitor(): unknown; waitForRPCs(): Promise<void> };
  debuggable: { debuggablePromise: (p: Promise<unknown>, ctx: unknown) => Promise<unknown> };
}

let loaded: LoadedInternals | undefined;

/** Checks the internals (once per process) and returns the modules the runtime calls into. */
export function pulumiInternals(): LoadedInternals {
  if (loaded) return loaded;
  const load = sdkRequire();
  assertPulumiInternals(load);
  loaded = {
    state: load(STATE) as LoadedInternals["state"],
    settings: load(SETTINGS) as LoadedInternals["settings"],
    debuggable: load(DEBUGGABLE) as LoadedInternals["debuggable"],
  };
  return loaded;
}
