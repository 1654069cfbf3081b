import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { assumeRolePolicy, ecsTaskExecutionPolicy, toJson } from "../../components";
import { componentTags } from "../../components/tags";

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
    const tags = componentTags("OrderWorkerService", args.tags);
    const repoRoot = path.resolve(__dirname, "../..");

    const repository = new aws.ecr.Repository(
      `${name}-images`,
      {
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: "MUTABLE",
        forceDelete: args.disposable ?? false,
        tags,
      },
      { parent: this },
    );
    const image = new awsx.ecr.Image(
      `${name}-image`,
      {
        repositoryUrl: repository.repositoryUrl,
        context: repoRoot,
        dockerfile: path.join(repoRoot, "apps/order-worker/Dockerfile"),
        platform: "linux/amd64",
      },
      { parent: this },
    );
    this.imageUri = image.imageUri;

    const executionRole = new aws.iam.Role(
      `${name}-execution-role`,
      { assumeRolePolicy: toJson(assumeRolePolicy("ecs-tasks.amazonaws.com")), tags },
      { parent: this },
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
      { parent: this },
    );

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: "enabled" }], tags },
      { parent: this },
    );
    this.clusterName = cluster.name;

    const service = new awsx.ecs.FargateService(
      `${name}-service`,
      {
        cluster: cluster.arn,
        desiredCount: args.desiredCount ?? 1,
        assignPublicIp: true,
        propagateTags: "SERVICE",
        deploymentCircuitBreaker: { enable: true, rollback: true },
        taskDefinitionArgs: {
          cpu: String(args.cpu ?? 256),
          memory: String(args.memory ?? 512),
          executionRole: { roleArn: executionRole.arn },
          taskRole: { skip: true },
          logGroup: { skip: true },
          container: {
            name: "order-worker",
            image: image.imageUri,
            essential: true,
            readonlyRootFilesystem: true,
            stopTimeout: 30,
            environment: [{ name: "ORDER_WORKER_RATE", value: String(args.ratePerSecond ?? 2) }],
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
