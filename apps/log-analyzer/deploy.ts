import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Metric } from "../../components";
import { assertValid } from "../../components/errors";
import { componentTags } from "../../components/tags";
import { analyzerAlarms } from "./infra/alarms";
import {
  LOG_ANALYZER_DEFAULTS,
  validateLogAnalyzerServiceArgs,
  type AnalyzerContext,
  type LogAnalyzerServiceArgs,
} from "./infra/args";
import { analyzerBucket } from "./infra/bucket";
import { analyzerNetwork } from "./infra/network";
import { analyzerScheduledRun } from "./infra/scheduled";
import { analyzerService } from "./infra/service";

export * from "./infra/args";

/**
 * The log analytics service on AWS. Its parts, each in `infra/`: the JSONL bucket (`bucket.ts`), the load balancer
 * and, with exposure "cloudfront", the VPC origin and origin secret (`network.ts`), the API on
 * Fargate and the distribution (`service.ts`), the scheduled run (`scheduled.ts`) and the alarms
 * (`alarms.ts`). Arguments, defaults and validation: `infra/args.ts`.
 */
export class LogAnalyzerService extends pulumi.ComponentResource {
  /** The JSONL bucket's name. */
  readonly bucketName: pulumi.Output<string>;
  /** Public URL of the API (CloudFront's when enabled, else the ALB's). */
  readonly url: pulumi.Output<string>;
  /** The ALB's DNS name. */
  readonly albDnsName: pulumi.Output<string>;
  /** The ECS service name. */
  readonly serviceName: pulumi.Output<string>;
  /** The scheduled function's name. */
  readonly scheduledFunctionName: pulumi.Output<string>;
  /** The error-count metric the scheduled run publishes. */
  readonly errorMetric: Metric;
  /** Alarm names by key (`Elb5xx`, `Target5xx`, `AnalyzerErrors`). */
  readonly alarmNames: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: LogAnalyzerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:apps:LogAnalyzerService", name, {}, opts);
    assertValid("LogAnalyzerService", name, validateLogAnalyzerServiceArgs(args));
    const exposure = args.exposure ?? LOG_ANALYZER_DEFAULTS.exposure;
    const tags = componentTags("LogAnalyzerService", args.tags);
    const protect = args.protect ?? LOG_ANALYZER_DEFAULTS.protect;
    const ctx: AnalyzerContext = {
      name,
      parent: this,
      args,
      tags,
      protect,
      accountId: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
      region: aws.getRegionOutput({}, { parent: this }).region,
    };

    const { bucket, readerStatements } = analyzerBucket(ctx);
    const net = analyzerNetwork(ctx, exposure);
    const { service, url } = analyzerService(ctx, net, bucket, readerStatements);
    const scheduled = analyzerScheduledRun(ctx, bucket, readerStatements);
    this.bucketName = bucket.bucket;
    this.albDnsName = net.alb.dnsName;
    this.serviceName = service.service.name;
    this.url = url;
    this.scheduledFunctionName = scheduled.function.name;
    this.errorMetric = scheduled.errorMetric;
    this.alarmNames = analyzerAlarms(ctx, net.alb, scheduled.errorMetric);

    this.registerOutputs({
      bucketName: this.bucketName,
      url: this.url,
      albDnsName: this.albDnsName,
      serviceName: this.serviceName,
      scheduledFunctionName: this.scheduledFunctionName,
      alarmNames: this.alarmNames,
    });
  }
}
