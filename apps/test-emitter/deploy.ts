import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValid } from "../../components/errors";
import { toJson } from "../../components/policies/document";
import { assumeRolePolicy, logWriterPolicy } from "../../components/policies/iam";
import {
  bundleLambdaOnce,
  LAMBDA_HANDLER,
  LAMBDA_RUNTIME,
  lambdaArchive,
} from "../../components/shared/lambda";
import { componentTags } from "../../components/tags";

/** The emitter's Lambda entry. */
export const TEST_EMITTER_ENTRY = path.join(__dirname, "src", "handler.ts");

/** The log group the emitter writes into (a `LogPipeline` is one). */
export interface TestEmitterTarget {
  /** Name of the log group. */
  readonly logGroupName: pulumi.Input<string>;
  /** ARN of the log group (the role may write only there). */
  readonly logGroupArn: pulumi.Output<string>;
}

export interface TestEmitterArgs {
  /** The log group the emitter's lines go to: the real-time pipeline's source. Required. */
  target: TestEmitterTarget;
  /** Tags for every resource. @default {} */
  tags?: Record<string, string>;
}

/** What `deployTestEmitter` declared. */
export interface TestEmitter {
  /** The emitter function. */
  readonly function: aws.lambda.Function;
  /** Its name (`aws lambda invoke --function-name <it> --payload '{"error_count":5}'`). */
  readonly functionName: pulumi.Output<string>;
}

/** Every problem of `args`, each naming the field and the fix. */
export function validateTestEmitterArgs(args: TestEmitterArgs): string[] {
  const target = (args as Partial<TestEmitterArgs>).target;
  if (!target || target.logGroupName === undefined || target.logGroupArn === undefined) {
    return ["`target` is required: the log group (e.g. a LogPipeline) the emitter writes into."];
  }
  return [];
}

/**
 * Seed 002's test emitter, a workload of the program (not part of any component): a Lambda that,
 * invoked with `{"error_count": 5}`, writes 5 ERROR lines into `target`, proving the real-time
 * pipeline end to end. Its role may only write to that log group. Resources are named
 * `<name>-role`, `<name>-policy` and `<name>`, children of `opts.parent`.
 */
export function deployTestEmitter(
  name: string,
  args: TestEmitterArgs,
  opts: pulumi.CustomResourceOptions = {},
): TestEmitter {
  assertValid("TestEmitter", name, validateTestEmitterArgs(args));
  const tags = componentTags("TestEmitter", args.tags);
  const { target } = args;
  const identity = aws.getCallerIdentityOutput({}, { parent: opts.parent });
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      assumeRolePolicy: identity.accountId.apply((acct) =>
        toJson(assumeRolePolicy("lambda.amazonaws.com", acct)),
      ),
      tags,
    },
    opts,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-policy`,
    { role: role.id, policy: target.logGroupArn.apply((arn) => toJson(logWriterPolicy(arn))) },
    opts,
  );
  const fn = new aws.lambda.Function(
    name,
    {
      description:
        'obskit: writes N ERROR lines on demand ({"error_count": 5}) to prove the pipeline end to end',
      runtime: LAMBDA_RUNTIME,
      architectures: ["arm64"],
      handler: LAMBDA_HANDLER,
      code: lambdaArchive(bundleLambdaOnce(TEST_EMITTER_ENTRY)),
      role: role.arn,
      memorySize: 128,
      timeout: 10,
      loggingConfig: { logFormat: "Text", logGroup: target.logGroupName },
      tags,
    },
    { ...opts, dependsOn: [rolePolicy] },
  );
  return { function: fn, functionName: fn.name };
}
