import * as path from "node:path";
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValid, problem, type ArgumentProblem } from "../../components/errors";
import { toJson } from "../../components/policies/document";
import { logWriterPolicy } from "../../components/policies/iam";
import { workloadFunction } from "../lambda";
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
export function validateTestEmitterArgs(args: TestEmitterArgs): ArgumentProblem[] {
  const target = (args as Partial<TestEmitterArgs>).target;
  if (!target || target.logGroupName === undefined || target.logGroupArn === undefined) {
    return [
      problem(
        "target",
        target,
        "is required",
        "pass the log group (e.g. a LogPipeline) the emitter writes into",
      ),
    ];
  }
  return [];
}

/**
 * The real-time ERROR pipeline's test emitter, a workload of the program (not part of any component): a Lambda that,
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
  const { function: fn } = workloadFunction(
    name,
    {
      entry: TEST_EMITTER_ENTRY,
      description:
        'obskit: writes N ERROR lines on demand ({"error_count": 5}) to prove the pipeline end to end',
      policy: target.logGroupArn.apply((arn) => toJson(logWriterPolicy(arn))),
      logGroupName: target.logGroupName,
      logFormat: "Text",
      memorySize: 128,
      timeout: 10,
      tags,
    },
    opts,
  );
  return { function: fn, functionName: fn.name };
}
