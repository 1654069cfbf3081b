import * as awsx from "@pulumi/awsx";
import { DEFAULT_RATE_PER_SECOND } from "./src/config";
import * as pulumi from "@pulumi/pulumi";
import { containerBase, fargateTaskProblems } from "../containers";
import { assertValid, problem, type ArgumentProblem } from "../../components/errors";
import { componentTags } from "../../components/tags";
import { MAX_RATE_PER_SECOND } from "./src/worker";

/** The defaults of OrderWorkerServiceArgs, written once (the rate is the worker's own default). */
export const ORDER_WORKER_DEFAULTS = {
  desiredCount: 1,
  cpu: 256,
  memory: 512,
  ratePerSecond: DEFAULT_RATE_PER_SECOND,
  disposable: false,
};

export interface OrderWorkerServiceArgs {
  /** Log group the container's stdout goes to (the order pipeline's encrypted group). */
  logGroupName: pulumi.Input<string>;
  /** ARN of that log group. */
  logGroupArn: pulumi.Input<string>;
  /** AWS region of the log group. */
  region: pulumi.Input<string>;
  /** Number of tasks. @default 1 */
  desiredCount?: number;
  /** Task CPU units. @default 256 */
  cpu?: number;
  /** Task memory in MiB. @default 512 */
  memory?: number;
  /** Events per second the worker emits (`ORDER_WORKER_RATE`). @default 2 */
  ratePerSecond?: number;
  /** Delete the image repository with its images on destroy (disposable stages). @default false */
  disposable?: boolean;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** Every problem of `args`, each naming the field, the value and what is allowed. */
export function validateOrderWorkerServiceArgs(args: OrderWorkerServiceArgs): ArgumentProblem[] {
  const problems = fargateTaskProblems(args, ORDER_WORKER_DEFAULTS);
  const rate = args.ratePerSecond;
  if (rate !== undefined && !(rate > 0 && rate <= MAX_RATE_PER_SECOND))
    problems.push(
      problem(
        "ratePerSecond",
        rate,
        `must be > 0 and ≤ ${MAX_RATE_PER_SECOND}`,
        `use a rate up to ${MAX_RATE_PER_SECOND}`,
      ),
    );
  return problems;
}

/**
 * The order worker on ECS Fargate: an image built from `apps/order-worker/Dockerfile`, pushed to its
 * own repository, run as a service whose container logs go straight into the order pipeline's
 * log group. The task has no task role (the worker calls no AWS API); the execution role may only
 * pull this image and write to that log group.
 */
export class OrderWorkerService extends pulumi.ComponentResource {
  /** The ECS service name. */
  readonly serviceName: pulumi.Output<string>;
  /** The ECS cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** The image URI deployed. */
  readonly imageUri: pulumi.Output<string>;

  constructor(name: string, args: OrderWorkerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:apps:OrderWorkerService", name, {}, opts);
    assertValid("OrderWorkerService", name, validateOrderWorkerServiceArgs(args));
    const tags = componentTags("OrderWorkerService", args.tags);
    const base = containerBase(name, this, {
      dockerfile: "apps/order-worker/Dockerfile",
      logGroupArn: args.logGroupArn,
      disposable: args.disposable ?? ORDER_WORKER_DEFAULTS.disposable,
      tags,
    });
    this.imageUri = base.imageUri;
    this.clusterName = base.clusterName;

    const service = new awsx.ecs.FargateService(
      `${name}-service`,
      {
        cluster: base.clusterArn,
        desiredCount: args.desiredCount ?? ORDER_WORKER_DEFAULTS.desiredCount,
        assignPublicIp: true,
        propagateTags: "SERVICE",
        deploymentCircuitBreaker: { enable: true, rollback: true },
        taskDefinitionArgs: {
          cpu: String(args.cpu ?? ORDER_WORKER_DEFAULTS.cpu),
          memory: String(args.memory ?? ORDER_WORKER_DEFAULTS.memory),
          executionRole: { roleArn: base.executionRoleArn },
          taskRole: { skip: true },
          logGroup: { skip: true },
          container: {
            name: "order-worker",
            image: base.imageUri,
            essential: true,
            readonlyRootFilesystem: true,
            stopTimeout: 30,
            environment: [
              {
                name: "ORDER_WORKER_RATE",
                value: String(args.ratePerSecond ?? ORDER_WORKER_DEFAULTS.ratePerSecond),
              },
            ],
            logConfiguration: {
              logDriver: "awslogs",
              options: {
                "awslogs-group": args.logGroupName,
                "awslogs-region": args.region,
                "awslogs-stream-prefix": "order-worker",
                mode: "non-blocking",
                "max-buffer-size": "4m",
              },
            },
          },
        },
        tags,
      },
      { parent: this },
    );
    this.serviceName = service.service.name;

    this.registerOutputs({
      serviceName: this.serviceName,
      clusterName: this.clusterName,
      imageUri: this.imageUri,
    });
  }
}
