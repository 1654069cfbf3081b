import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assumeRolePolicy, toJson } from "../components";
import { bundleLambdaOnce } from "../components/shared/lambda";
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaArchive } from "../components/shared/lambdaCode";

/** A workload's Lambda function: what differs from one to another. */
export interface WorkloadFunctionArgs {
  /** The handler's entry file (bundled with esbuild, cached by content). */
  entry: string;
  /** The role's inline policy (JSON): the least the handler needs. */
  policy: pulumi.Input<string>;
  /** The log group the function writes to (declared by the caller, e.g. a LogPipeline). */
  logGroupName: pulumi.Input<string>;
  /** Log format. @default "JSON" */
  logFormat?: "JSON" | "Text";
  description: string;
  /** @default 128 */
  memorySize?: number;
  /** Seconds. @default 10 */
  timeout?: number;
  /** @default unreserved */
  reservedConcurrentExecutions?: number;
  /** Environment variables. @default none */
  environment?: Record<string, pulumi.Input<string>>;
  /** Tags of every resource. */
  tags: Record<string, string>;
  /** Tags of the function only (e.g. `obskit:emits` for the metric it publishes). @default none */
  functionTags?: Record<string, string>;
  /**
   * Files shipped beside the bundle (`index.js`): path in the archive → local file, for data a
   * library reads from disk at run time. @default none
   */
  files?: Record<string, string>;
}

/** The function archive: the bundle as `index.js`, plus `files` (archive path → local file). */
export function workloadArchive(entry: string, files?: Record<string, string>): pulumi.asset.AssetArchive {
  const bundle = bundleLambdaOnce(entry);
  if (!files || Object.keys(files).length === 0) return lambdaArchive(bundle);
  return new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset(bundle.code),
    ...Object.fromEntries(Object.entries(files).map(([at, file]) => [at, new pulumi.asset.FileAsset(file)])),
  });
}

/**
 * The one way a workload deploys a Lambda function: a role only `lambda.amazonaws.com` of this
 * account may assume, its inline policy, and the arm64 function (bundled handler) logging to the
 * caller's log group, created after its policy. Resources are `<name>-role`, `<name>-policy` and
 * `<name>`, children of `opts.parent`.
 */
export function workloadFunction(
  name: string,
  args: WorkloadFunctionArgs,
  opts: pulumi.CustomResourceOptions,
): { function: aws.lambda.Function; role: aws.iam.Role } {
  const identity = aws.getCallerIdentityOutput({}, { parent: opts.parent });
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      assumeRolePolicy: identity.accountId.apply((acct) =>
        toJson(assumeRolePolicy("lambda.amazonaws.com", acct)),
      ),
      tags: args.tags,
    },
    opts,
  );
  const rolePolicy = new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy: args.policy }, opts);
  const fn = new aws.lambda.Function(
    name,
    {
      description: args.description,
      runtime: LAMBDA_RUNTIME,
      architectures: ["arm64"],
      handler: LAMBDA_HANDLER,
      code: workloadArchive(args.entry, args.files),
      role: role.arn,
      memorySize: args.memorySize ?? 128,
      timeout: args.timeout ?? 10,
      reservedConcurrentExecutions: args.reservedConcurrentExecutions,
      loggingConfig: { logFormat: args.logFormat ?? "JSON", logGroup: args.logGroupName },
      environment: args.environment ? { variables: args.environment } : undefined,
      tags: { ...args.tags, ...args.functionTags },
    },
    { ...opts, dependsOn: [rolePolicy] },
  );
  return { function: fn, role };
}
