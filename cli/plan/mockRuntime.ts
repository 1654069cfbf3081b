/**
 * Runs a Pulumi program offline, under `pulumi.runtime.setMocks`, and records what it declares:
 * every resource (URN, type, name, parent, resolved inputs, protect) and the stack outputs.
 * Data sources (account, region, prefix lists, …) are answered with clearly fake values, never by a
 * network call. Used by `obskit plan` and by the tests.
 */
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import type { AliasRecord, MockedCall, MockRun, PlannedResource } from "../../model/run";
import { internalsChanged, pulumiInternals, type LoadedInternals } from "./pulumiInternals";

export type { AliasRecord, MockedCall, MockRun, PlannedResource };

/** The account every mocked ARN and identity uses: obviously not a real one. */
export const FAKE_ACCOUNT = "123456789012";

export interface RunOptions {
  project: string;
  stack: string;
  /** Raw config, `"<namespace>:<key>" → value` (structured values as JSON strings). */
  config: Record<string, string>;
  /** The program: returns the stack outputs. */
  program: () => unknown;
  /**
   * The outputs of the stacks the program reads through `pulumi.StackReference`, by stack name
   * (`org/project/stack`); a reference to a stack not listed fails the run, as it would for real.
   */
  stackReferences?: Record<string, Record<string, unknown>>;
}

/** Physical name Pulumi's auto-naming would give (`name-` and 7 characters), deterministically. */
export function autoName(name: string): string {
  return `${name}-${crypto.createHash("sha256").update(name).digest("hex").slice(0, 7)}`;
}

type State = Record<string, unknown>;

function regionOf(config: Record<string, string>): string {
  return config["aws:region"] ?? "us-east-1";
}

/** State the cloud would add to a resource's inputs (ids, ARNs, URLs), by type. */
function synthesizeState(args: MockResourceArgs, region: string): { id: string; state: State } {
  const inputs = (args.inputs ?? {}) as State;
  const physical = (inputs.name as string | undefined) ?? autoName(args.name);
  const id = `${args.name}-id`;
  const acct = FAKE_ACCOUNT;
  const [pkg, modType] = args.type.split(":");
  const mod = (modType ?? "").split("/")[0];
  const base: State = { ...inputs, id };
  const arn = (service: string, resource: string, r = region): string =>
    `arn:aws:${service}:${r}:${acct}:${resource}`;
  switch (args.type) {
    case "aws:kms/key:Key": {
      const keyId = crypto
        .createHash("md5")
        .update(args.name)
        .digest("hex")
        .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
      return { id: keyId, state: { ...base, id: keyId, keyId, arn: arn("kms", `key/${keyId}`) } };
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      return {
        id: physical,
        state: { ...base, id: physical, name: physical, arn: arn("logs", `log-group:${physical}`) },
      };
    case "aws:sns/topic:Topic":
      return { id: arn("sns", physical), state: { ...base, name: physical, arn: arn("sns", physical) } };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return {
        id: physical,
        state: { ...base, name: physical, arn: arn("cloudwatch", `alarm:${physical}`) },
      };
    case "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
      const n = (inputs.alarmName as string | undefined) ?? autoName(args.name);
      return { id: n, state: { ...base, alarmName: n, arn: arn("cloudwatch", `alarm:${n}`) } };
    }
    case "aws:lambda/function:Function": {
      const a = arn("lambda", `function:${physical}`);
      return {
        id: physical,
        state: {
          ...base,
          name: physical,
          arn: a,
          qualifiedArn: `${a}:$LATEST`,
          invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${a}/invocations`,
          version: "$LATEST",
        },
      };
    }
    case "aws:dynamodb/table:Table":
      return {
        id: physical,
        state: { ...base, name: physical, arn: arn("dynamodb", `table/${physical}`), streamArn: undefined },
      };
    case "aws:sqs/queue:Queue":
      return {
        id: `https://sqs.${region}.amazonaws.com/${acct}/${physical}`,
        state: {
          ...base,
          name: physical,
          arn: arn("sqs", physical),
          url: `https://sqs.${region}.amazonaws.com/${acct}/${physical}`,
        },
      };
    case "aws:iam/role:Role":
      return {
        id: physical,
        state: {
          ...base,
          name: physical,
          arn: `arn:aws:iam::${acct}:role/${physical}`,
          uniqueId: `AROA${id}`,
        },
      };
    case "aws:iam/instanceProfile:InstanceProfile":
      return {
        id: physical,
        state: { ...base, name: physical, arn: `arn:aws:iam::${acct}:instance-profile/${physical}` },
      };
    case "aws:ec2/instance:Instance": {
      const instanceId = `i-${crypto.createHash("md5").update(args.name).digest("hex").slice(0, 17)}`;
      return {
        id: instanceId,
        state: {
          ...base,
          id: instanceId,
          arn: arn("ec2", `instance/${instanceId}`),
          privateIp: "172.31.0.10",
          keyName: inputs.keyName,
        },
      };
    }
    case "aws:iam/policy:Policy":
      return {
        id: physical,
        state: { ...base, name: physical, arn: `arn:aws:iam::${acct}:policy/${physical}` },
      };
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2": {
      const bucket = (inputs.bucket as string | undefined) ?? autoName(args.name);
      return {
        id: bucket,
        state: {
          ...base,
          id: bucket,
          bucket,
          arn: `arn:aws:s3:::${bucket}`,
          bucketDomainName: `${bucket}.s3.amazonaws.com`,
          bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
        },
      };
    }
    case "aws:ecr/repository:Repository":
      return {
        id: physical,
        state: {
          ...base,
          name: physical,
          arn: arn("ecr", `repository/${physical}`),
          repositoryUrl: `${acct}.dkr.ecr.${region}.amazonaws.com/${physical}`,
        },
      };
    case "aws:ecs/cluster:Cluster":
      return {
        id: arn("ecs", `cluster/${physical}`),
        state: { ...base, name: physical, arn: arn("ecs", `cluster/${physical}`) },
      };
    case "aws:lb/loadBalancer:LoadBalancer": {
      const lbName = autoName(args.name).slice(0, 32);
      const suffix = `app/${lbName}/0123456789abcdef`;
      return {
        id: arn("elasticloadbalancing", `loadbalancer/${suffix}`),
        state: {
          ...base,
          arn: arn("elasticloadbalancing", `loadbalancer/${suffix}`),
          arnSuffix: suffix,
          dnsName: `${lbName}.${region}.elb.amazonaws.com`,
          zoneId: "Z00000000000000",
        },
      };
    }
    case "aws:lb/targetGroup:TargetGroup": {
      const tgName = autoName(args.name).slice(0, 32);
      return {
        id: arn("elasticloadbalancing", `targetgroup/${tgName}/0123456789abcdef`),
        state: {
          ...base,
          name: tgName,
          arn: arn("elasticloadbalancing", `targetgroup/${tgName}/0123456789abcdef`),
          arnSuffix: `targetgroup/${tgName}/0123456789abcdef`,
        },
      };
    }
    case "aws:ec2/securityGroup:SecurityGroup":
      return {
        id: `sg-${crypto.createHash("md5").update(args.name).digest("hex").slice(0, 17)}`,
        state: {
          ...base,
          id: `sg-${crypto.createHash("md5").update(args.name).digest("hex").slice(0, 17)}`,
          arn: arn("ec2", `security-group/${args.name}`),
        },
      };
    case "aws:cloudfront/distribution:Distribution":
      return {
        id: "E0000000000000",
        state: {
          ...base,
          arn: `arn:aws:cloudfront::${acct}:distribution/E0000000000000`,
          domainName: "d0000000000000.cloudfront.net",
          hostedZoneId: "Z2FDTNDATAQYW2",
        },
      };
    case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
      return {
        id: arn("firehose", `deliverystream/${physical}`),
        state: { ...base, name: physical, arn: arn("firehose", `deliverystream/${physical}`) },
      };
    case "aws:cloudwatch/eventRule:EventRule":
      return { id: physical, state: { ...base, name: physical, arn: arn("events", `rule/${physical}`) } };
    case "awsx:ecr:Image":
      return { id, state: { ...base, imageUri: `${String(inputs.repositoryUrl)}@sha256:${"0".repeat(64)}` } };
    case "awsx:ecs:FargateService":
      return {
        id,
        state: {
          ...base,
          service: { name: autoName(args.name), arn: arn("ecs", `service/${autoName(args.name)}`) },
          taskDefinition: { arn: arn("ecs", `task-definition/${args.name}:1`), family: args.name },
        },
      };
    case "awsx:lb:ApplicationLoadBalancer": {
      const lbName = autoName(args.name).slice(0, 32);
      const suffix = `app/${lbName}/0123456789abcdef`;
      return {
        id,
        state: {
          ...base,
          loadBalancer: {
            arn: arn("elasticloadbalancing", `loadbalancer/${suffix}`),
            arnSuffix: suffix,
            dnsName: `${lbName}.${region}.elb.amazonaws.com`,
            zoneId: "Z000000000000",
          },
          defaultTargetGroup: {
            arn: arn("elasticloadbalancing", `targetgroup/${lbName}/0123456789abcdef`),
            arnSuffix: `targetgroup/${lbName}/0123456789abcdef`,
          },
          defaultSecurityGroup: { id: "sg-00000000000000000" },
        },
      };
    }
    default:
      if (pkg === "aws") {
        return {
          id,
          state: { ...base, arn: arn(mod, `${args.type.split(":").pop()?.toLowerCase()}/${physical}`) },
        };
      }
      return { id, state: base };
  }
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** A `StackReference`'s state: the referenced stack's outputs, as the engine would read them. */
function stackReferenceState(
  args: MockResourceArgs,
  known: Record<string, Record<string, unknown>>,
): { id: string; state: State } {
  const name = String((args.inputs as State | undefined)?.name ?? args.name);
  const outputs = known[name];
  if (outputs === undefined)
    throw new Error(
      `unknown stack ${JSON.stringify(name)} for StackReference ${args.name}: the plan knows ${
        Object.keys(known)
          .map((k) => JSON.stringify(k))
          .join(", ") || "no stack"
      }`,
    );
  return { id: name, state: { name, outputs, secretOutputNames: [] } };
}

/** Answers to data sources: fake, recognisable, offline. */
function answerCall(args: MockCallArgs, region: string): State {
  const inputs = (args.inputs ?? {}) as State;
  switch (args.token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: FAKE_ACCOUNT,
        arn: `arn:aws:iam::${FAKE_ACCOUNT}:user/obskit-plan`,
        id: FAKE_ACCOUNT,
        userId: "AIDAOBSKITPLANFAKE",
      };
    case "aws:index/getRegion:getRegion":
      return {
        id: region,
        name: region,
        region,
        description: region,
        endpoint: `ec2.${region}.amazonaws.com`,
      };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsSuffix: "com.amazonaws" };
    case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
    case "aws:ec2/getPrefixList:getPrefixList":
      return {
        id: "pl-00000000",
        name: inputs.name ?? "com.amazonaws.global.cloudfront.origin-facing",
        cidrBlocks: [],
        entries: [],
      };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return { id: region, names: [`${region}a`, `${region}b`], zoneIds: ["fake-az1", "fake-az2"] };
    case "aws:ec2/getVpc:getVpc":
      return { id: "vpc-00000000", cidrBlock: "172.31.0.0/16", default: true };
    case "aws:ec2/getSecurityGroup:getSecurityGroup": {
      const sgName = typeof inputs.name === "string" ? inputs.name : "looked-up";
      const sgId = `sg-${crypto.createHash("md5").update(sgName).digest("hex").slice(0, 17)}`;
      return {
        ...inputs,
        id: sgId,
        name: sgName,
        arn: `arn:aws:ec2:${region}:${FAKE_ACCOUNT}:security-group/${sgId}`,
      };
    }
    case "aws:ssm/getParameter:getParameter": {
      // public image parameters answer an image id; any other parameter a recognisable placeholder
      const n = String(inputs.name ?? "");
      const value = n.startsWith("/aws/service/ami-") ? "ami-0123456789abcdef0" : `fake-value-of-${n}`;
      return { ...inputs, id: n, name: n, type: "String", value, insecureValue: value, version: 1 };
    }
    case "aws:ec2/getSubnets:getSubnets":
      return { id: "subnets", ids: ["subnet-00000000", "subnet-11111111"] };
    default:
      return { ...inputs };
  }
}

/** The value an Output will have, once known. */
function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

async function describeAsset(a: pulumi.asset.Asset | pulumi.asset.Archive): Promise<unknown> {
  const x = a as unknown as Record<string, unknown>;
  if (pulumi.asset.Archive.isInstance(a)) {
    if (x.assets !== undefined) {
      const assets = (await x.assets) as Record<string, pulumi.asset.Asset | pulumi.asset.Archive>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(assets)) out[k] = await describeAsset(v);
      return { assetArchive: out };
    }
    return { archive: (await x.path) ?? (await x.uri) };
  }
  if (x.text !== undefined) {
    const text = String(await x.text);
    return {
      stringAsset: {
        bytes: Buffer.byteLength(text),
        sha256: crypto.createHash("sha256").update(text).digest("hex"),
      },
    };
  }
  return { asset: (await x.path) ?? (await x.uri) };
}

/**
 * Inputs as plain JSON: resource references become their URN, assets and archives a short
 * description (size and hash, not a 400 KB bundle inline).
 */
async function plain(v: unknown): Promise<unknown> {
  if (v === null || typeof v !== "object") return v;
  if (pulumi.Resource.isInstance(v)) return valueOf(v.urn);
  if (pulumi.asset.Asset.isInstance(v) || pulumi.asset.Archive.isInstance(v)) return describeAsset(v);
  if (pulumi.Output.isInstance(v)) return plain(await valueOf(v));
  if (Array.isArray(v)) return Promise.all((v as unknown[]).map(plain));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = await plain(x);
  return out;
}

interface MonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, cb: unknown): Promise<void>;
  registerResourceOutputs(req: RegisterOutputsRequest, cb: unknown): void;
}
interface RegisterOutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): unknown } | undefined;
}
interface RegisterRequest {
  getParent(): string;
  getType(): string;
  getName(): string;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDependenciesList(): string[];
  getIgnorechangesList(): string[];
  getAliasesList(): AliasProto[];
  getAliasurnsList(): string[];
}
interface AliasProto {
  getUrn(): string;
  hasSpec(): boolean;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}

/** The aliases of a registration, whichever of the two encodings the SDK used. */
function aliasesOf(req: RegisterRequest): AliasRecord[] {
  const out: AliasRecord[] = req.getAliasurnsList().map((urn) => ({ urn }));
  for (const a of req.getAliasesList()) {
    const spec = a.hasSpec() ? a.getSpec() : undefined;
    if (!spec) {
      if (a.getUrn()) out.push({ urn: a.getUrn() });
      continue;
    }
    const record: AliasRecord = {};
    if (spec.getName()) record.name = spec.getName();
    if (spec.getType()) record.type = spec.getType();
    if (spec.getStack()) record.stack = spec.getStack();
    if (spec.getProject()) record.project = spec.getProject();
    if (spec.getNoparent()) record.noParent = true;
    else if (spec.getParenturn()) record.parent = spec.getParenturn();
    out.push(record);
  }
  return out;
}

let promiseStacksOff = false;

/**
 * The SDK formats a stack trace (`new Error().stack`) for every promise it tracks, only to print it
 * if the program leaks that promise: about a fifth of an offline plan's time. Under mocks those
 * promises keep their context label but not that trace. The wrapper holds no state, so it is
 * installed once per process and serves every run.
 */
function withoutPromiseStacks(debuggable: LoadedInternals["debuggable"]): void {
  if (promiseStacksOff) return;
  const original = debuggable.debuggablePromise;
  debuggable.debuggablePromise = (p, ctx) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  promiseStacksOff = true;
}

/**
 * Runs `program` under mocks and returns what it declared.
 *
 * Re-entrant: each run gets its own runtime state (the SDK's per-run store: config, project and
 * stack, mock monitor, stack resource, leak tracking), so runs in one process, one after another or
 * at the same time, give what separate processes give, and none sees another's config, resources
 * or registered outputs. Only the program's own module-level state is shared, as `require` shares
 * it: a program that keeps resources in module variables between runs is not re-entrant.
 */
export function runUnderMocks(opts: RunOptions): Promise<MockRun> {
  const internals = pulumiInternals();
  withoutPromiseStacks(internals.debuggable);
  return internals.state.withLocalStorage(() => runInOwnState(opts, internals.settings));
}

/** One run, inside its own runtime state. */
async function runInOwnState(opts: RunOptions, settings: LoadedInternals["settings"]): Promise<MockRun> {
  const region = regionOf(opts.config);
  const resources: PlannedResource[] = [];
  const calls: MockedCall[] = [];
  let pending:
    | Pick<
        PlannedResource,
        "urn" | "parent" | "protect" | "retainOnDelete" | "dependencies" | "ignoreChanges" | "aliases"
      >
    | undefined;

  pulumi.runtime.setAllConfig(opts.config);
  await pulumi.runtime.setMocks(
    {
      async newResource(args: MockResourceArgs) {
        const meta = pending;
        pending = undefined;
        const { id, state } =
          args.type === STACK_REFERENCE
            ? stackReferenceState(args, opts.stackReferences ?? {})
            : synthesizeState(args, region);
        const entry: PlannedResource = {
          urn: meta?.urn ?? "",
          type: args.type,
          name: args.name,
          parent: meta?.parent,
          inputs: (args.inputs ?? {}) as State,
          protect: meta?.protect ?? false,
          retainOnDelete: meta?.retainOnDelete ?? false,
          dependencies: meta?.dependencies ?? [],
          ignoreChanges: meta?.ignoreChanges ?? [],
          aliases: meta?.aliases ?? [],
          custom: args.custom ?? true,
          state,
        };
        resources.push(entry);
        entry.inputs = (await plain(entry.inputs)) as State;
        entry.state = (await plain(entry.state)) as State;
        return { id: args.custom === false ? undefined : id, state };
      },
      call(args: MockCallArgs) {
        const result = answerCall(args, region);
        calls.push({ token: args.token, inputs: (args.inputs ?? {}) as State, result });
        return result;
      },
    },
    opts.project,
    opts.stack,
    false,
  );

  // A program that throws (bad config, bad component args) must reject this call once, with its own
  // error: thrown inside the stack's init, it would also reject promises the SDK never awaits and
  // crash the process with an unhandled rejection (a second report, a stack trace, exit code 1).
  let failure: { error: unknown } | undefined;

  // Capture what MockResourceArgs does not carry (parent, protect, URN), right before the mock runs.
  // The mock monitor calls newResource before its first await, so `pending` reaches the mock that
  // this registration runs; a registration that leaves it unread means the SDK changed that.
  const monitor = settings.getMonitor() as MonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterRequest, cb: unknown) => {
    pending = {
      urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
      parent: req.getParent() || undefined,
      protect: req.getProtect() === true,
      retainOnDelete: req.getRetainondelete() === true,
      dependencies: req.getDependenciesList(),
      ignoreChanges: req.getIgnorechangesList(),
      aliases: aliasesOf(req),
    };
    const registered = register(req, cb);
    if (pending !== undefined) {
      pending = undefined;
      failure ??= {
        error: internalsChanged(
          "MockMonitor.registerResource no longer calls the mocks' newResource before its first await: a resource's URN, parent and options cannot be matched to it",
        ),
      };
    }
    return registered;
  };
  // Components' registered outputs (e.g. a LogPipeline's filter samples), for tools reading the plan.
  const componentOutputs = new Map<string, Record<string, unknown>>();
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: RegisterOutputsRequest, cb: unknown) => {
    const outputs = req.getOutputs()?.toJavaScript();
    if (outputs && typeof outputs === "object") componentOutputs.set(req.getUrn(), outputs as State);
    return registerOutputs(req, cb);
  };

  const outputs = (await pulumi.runtime.runInPulumiStack(async () => {
    try {
      const result = opts.program();
      return await (typeof result === "function" ? (result as () => unknown)() : result);
    } catch (error) {
      failure = { error };
      return undefined;
    }
  })) as Record<string, unknown> | undefined;
  await settings.waitForRPCs();
  if (failure) throw failure.error;
  for (const r of resources) {
    const outputs = componentOutputs.get(r.urn);
    if (outputs && !r.custom) r.outputs = outputs;
  }
  return { project: opts.project, stack: opts.stack, resources, outputs: outputs ?? {}, calls };
}
