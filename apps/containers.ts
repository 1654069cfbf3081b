import { problem, type ArgumentProblem } from "../components/errors";
/**
 * What every containerised app of the stack needs before its Fargate service: an image built from
 * its Dockerfile into its own repository, a cluster, and an execution role that may only pull that
 * image and write to the app's log group.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { ecsTaskExecutionPolicy, ecsTasksTrustPolicy, toJson } from "../components";

const REPO_ROOT = path.resolve(__dirname, "..");

export interface ContainerBase {
  /** URI of the built image. */
  imageUri: pulumi.Output<string>;
  /** ARN of the ECS cluster. */
  clusterArn: pulumi.Output<string>;
  /** Name of the ECS cluster. */
  clusterName: pulumi.Output<string>;
  /** ARN of the task execution role. */
  executionRoleArn: pulumi.Output<string>;
  /**
   * Trust policy (JSON) for this app's ECS roles: `ecs-tasks.amazonaws.com` acting for ECS
   * resources of this account and region only. The execution role uses it; use it for a task role.
   */
  ecsTasksTrustPolicy: pulumi.Output<string>;
}

/**
 * Declares, as children of `parent` named `<name>-images`, `-image`, `-execution-role`,
 * `-execution-policy` and `-cluster`, the image, cluster and execution role of one app.
 */
export function containerBase(
  name: string,
  parent: pulumi.Resource,
  args: {
    /** Dockerfile path relative to the repository root (the build context). */
    dockerfile: string;
    /** ARN of the log group the containers write to. */
    logGroupArn: pulumi.Input<string>;
    /** Delete the repository with its images on destroy. */
    disposable: boolean;
    tags: Record<string, string>;
  },
): ContainerBase {
  const repository = new aws.ecr.Repository(
    `${name}-images`,
    {
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: "MUTABLE",
      forceDelete: args.disposable,
      tags: args.tags,
    },
    { parent },
  );
  const image = new awsx.ecr.Image(
    `${name}-image`,
    {
      repositoryUrl: repository.repositoryUrl,
      context: REPO_ROOT,
      dockerfile: path.join(REPO_ROOT, args.dockerfile),
      platform: "linux/amd64",
    },
    { parent },
  );
  const identity = aws.getCallerIdentityOutput({}, { parent });
  const region = aws.getRegionOutput({}, { parent });
  const partition = aws.getPartitionOutput({}, { parent });
  const trust = pulumi
    .all([identity.accountId, region.region, partition.partition])
    .apply(([accountId, r, p]) => toJson(ecsTasksTrustPolicy({ accountId, region: r, partition: p })));
  const executionRole = new aws.iam.Role(
    `${name}-execution-role`,
    { assumeRolePolicy: trust, tags: args.tags },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-execution-policy`,
    {
      role: executionRole.id,
      policy: pulumi
        .all([repository.arn, args.logGroupArn])
        .apply(([repositoryArn, logGroupArn]) =>
          toJson(ecsTaskExecutionPolicy({ repositoryArn, logGroupArn })),
        ),
    },
    { parent },
  );
  const cluster = new aws.ecs.Cluster(
    `${name}-cluster`,
    { settings: [{ name: "containerInsights", value: "enabled" }], tags: args.tags },
    { parent },
  );
  return {
    imageUri: image.imageUri,
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    executionRoleArn: executionRole.arn,
    ecsTasksTrustPolicy: trust,
  };
}

/** Task memory (MiB) Fargate accepts for each CPU size. */
const FARGATE_MEMORY: Record<number, { min: number; max: number; step: number; also?: number[] }> = {
  256: { min: 1024, max: 2048, step: 1024, also: [512] },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
};

/**
 * What is wrong with a Fargate task size and count, each problem naming the field, the value and
 * the allowed values (Fargate rejects other CPU/memory pairs only at deploy time).
 */
export function fargateTaskProblems(
  t: { desiredCount?: number; cpu?: number; memory?: number },
  defaults: {
    cpu: number;
    memory: number;
  },
): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (t.desiredCount !== undefined && !(Number.isInteger(t.desiredCount) && t.desiredCount >= 0))
    problems.push(
      problem("desiredCount", t.desiredCount, "must be a whole number ≥ 0", "use 0 or more tasks"),
    );
  const cpu = t.cpu ?? defaults.cpu;
  const memory = t.memory ?? defaults.memory;
  const allowed = FARGATE_MEMORY[cpu];
  if (!allowed) {
    problems.push(
      problem("cpu", cpu, `must be one of ${Object.keys(FARGATE_MEMORY).join(", ")}`, "use one of them"),
    );
    return problems;
  }
  const fits =
    (allowed.also ?? []).includes(memory) ||
    (memory >= allowed.min && memory <= allowed.max && (memory - allowed.min) % allowed.step === 0);
  if (!fits) {
    const list = [...new Set([...(allowed.also ?? []), ...range(allowed.min, allowed.max, allowed.step)])];
    problems.push(
      problem(
        "memory",
        memory,
        `must be one of ${list.join(", ")} MiB with cpu ${cpu}`,
        "use one of them, or another cpu",
      ),
    );
  }
  return problems;
}

function range(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v += step) out.push(v);
  return out;
}
