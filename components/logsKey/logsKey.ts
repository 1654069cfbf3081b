import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValid } from "../errors";
import { logsKeyPolicy } from "../policies/kms";
import { toJson } from "../policies/document";
import { componentTags } from "../tags";
import { resolveLogsKeyArgs, validateLogsKeyArgs, type LogsKeyArgs } from "./args";
import { VERSION } from "../version";

/**
 * A customer-managed KMS key (rotation on) that CloudWatch Logs may use for the named log groups
 * only. Created by `LogPipeline` for its own group, or shared: create one `LogsKey` for a
 * name pattern and pass its `arn` to several pipelines.
 */
export class LogsKey extends pulumi.ComponentResource {
  /** The obskit version that declared this component (also its children's `obskit:version` tag). */
  readonly version: pulumi.Output<string>;
  /** The key's ARN, for `kmsKeyId` of log groups. */
  readonly arn: pulumi.Output<string>;
  /** The key's id. */
  readonly keyId: pulumi.Output<string>;
  /** The key policy as JSON, for audits. */
  readonly policy: pulumi.Output<string>;
  /** The key resource. */
  readonly key: aws.kms.Key;

  constructor(name: string, args: LogsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:index:LogsKey", name, {}, opts);
    this.version = pulumi.output(VERSION);
    assertValid("LogsKey", name, validateLogsKeyArgs(args));
    const a = resolveLogsKeyArgs(args);

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    this.policy = pulumi
      .all([identity.accountId, region.region, partition.partition, pulumi.all(a.logGroupNames)])
      .apply(([accountId, regionName, part, names]) =>
        toJson(
          logsKeyPolicy({
            accountId,
            region: regionName,
            partition: part,
            anomalyDetectors: a.anomalyDetectors,
            logGroupArns: names.map((n) => `arn:${part}:logs:${regionName}:${accountId}:log-group:${n}`),
          }),
        ),
      );

    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description:
          a.description ??
          pulumi.interpolate`obskit: CloudWatch Logs encryption for ${pulumi.all(a.logGroupNames).apply((n) => n.join(", "))}`,
        enableKeyRotation: true,
        deletionWindowInDays: a.deletionWindowInDays,
        policy: this.policy,
        tags: componentTags("LogsKey", a.tags),
      },
      { parent: this, protect: a.protect, retainOnDelete: a.protect },
    );
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
    this.registerOutputs({ version: this.version, arn: this.arn, keyId: this.keyId, policy: this.policy });
  }
}
