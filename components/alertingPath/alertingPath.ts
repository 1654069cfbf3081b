import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValid } from "../errors";
import { toJson } from "../policies/document";
import { alarmTopicKeyPolicy } from "../policies/kms";
import { alarmTopicPolicy } from "../policies/sns";
import { componentTags } from "../tags";
import {
  alarmName,
  compositeRule,
  createAnomalyAlarm,
  createThresholdAlarm,
  type AlarmDefaults,
} from "./alarms";
import { resolveAlertingPathArgs, validateAlertingPathArgs, type AlertingPathArgs } from "./args";

/**
 * Alarms and where they go: an SNS topic encrypted with a customer-managed key CloudWatch can use,
 * a topic policy that only this account's alarms may publish through, e-mail and other
 * subscriptions, and threshold, anomaly-detection and composite alarms with ALARM and OK actions.
 */
export class AlertingPath extends pulumi.ComponentResource {
  /** The alarm topic. */
  readonly topic: aws.sns.Topic;
  /** The topic's ARN. */
  readonly topicArn: pulumi.Output<string>;
  /** ARN of the key encrypting the topic. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The key created for the topic, when none was given. */
  readonly key?: aws.kms.Key;
  /** Every alarm (threshold, anomaly, composite), by its spec name. */
  readonly alarms: Record<string, aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm>;
  /** Alarm physical names, by spec name. */
  readonly alarmNames: Record<string, pulumi.Output<string>>;
  /** Alarm ARNs, by spec name. */
  readonly alarmArns: Record<string, pulumi.Output<string>>;
  /** The shared alarm settings, for components that add alarms through this path. */
  readonly alarmDefaults: AlarmDefaults;

  constructor(name: string, args: AlertingPathArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:index:AlertingPath", name, {}, opts);
    assertValid("AlertingPath", name, validateAlertingPathArgs(name, args));
    const a = resolveAlertingPathArgs(name, args);
    const tags = componentTags("AlertingPath", a.tags);
    const keep = { protect: a.protect, retainOnDelete: a.protect };

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });

    if (a.kmsKeyArn === undefined) {
      this.key = new aws.kms.Key(
        `${name}-key`,
        {
          description: `obskit: alarm topic encryption for ${name}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: pulumi
            .all([identity.accountId, region.region, partition.partition])
            .apply(([accountId, r, p]) =>
              toJson(alarmTopicKeyPolicy({ accountId, region: r, partition: p })),
            ),
          tags,
        },
        { parent: this, ...keep },
      );
    }
    this.kmsKeyArn = this.key ? this.key.arn : pulumi.output(a.kmsKeyArn as pulumi.Input<string>);

    this.topic = new aws.sns.Topic(
      `${name}-topic`,
      { kmsMasterKeyId: this.kmsKeyArn, tags },
      { parent: this, ...keep },
    );
    this.topicArn = this.topic.arn;

    new aws.sns.TopicPolicy(
      `${name}-topic-policy`,
      {
        arn: this.topic.arn,
        policy: pulumi
          .all([identity.accountId, region.region, partition.partition, this.topic.arn])
          .apply(([accountId, r, p, topicArn]) =>
            toJson(alarmTopicPolicy({ accountId, region: r, partition: p, topicArn })),
          ),
      },
      { parent: this },
    );

    a.emails.forEach((email, i) => {
      new aws.sns.TopicSubscription(
        `${name}-email-${i}`,
        { topic: this.topic.arn, protocol: "email", endpoint: email },
        { parent: this },
      );
    });
    a.subscriptions.forEach((s, i) => {
      new aws.sns.TopicSubscription(
        `${name}-sub-${i}`,
        { topic: this.topic.arn, protocol: s.protocol, endpoint: s.endpoint },
        { parent: this },
      );
    });

    this.alarmDefaults = { namePrefix: a.alarmNamePrefix, topicArn: this.topic.arn, tags };
    this.alarms = {};
    for (const spec of a.alarms) {
      this.alarms[spec.name] = createThresholdAlarm(`${name}-alarm-${spec.name}`, spec, this.alarmDefaults, {
        parent: this,
      });
    }
    for (const spec of a.anomalyAlarms) {
      this.alarms[spec.name] = createAnomalyAlarm(`${name}-anomaly-${spec.name}`, spec, this.alarmDefaults, {
        parent: this,
      });
    }
    for (const spec of a.compositeAlarms) {
      const members = spec.alarms.map((n) => alarmName(this.alarmDefaults, n));
      this.alarms[spec.name] = new aws.cloudwatch.CompositeAlarm(
        `${name}-composite-${spec.name}`,
        {
          alarmName: alarmName(this.alarmDefaults, spec.name),
          alarmDescription:
            spec.description ?? `${spec.when === "all" ? "All" : "Any"} of: ${members.join(", ")}`,
          alarmRule: compositeRule(members, spec.when ?? "any"),
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
          tags,
        },
        { parent: this, dependsOn: spec.alarms.map((n) => this.alarms[n]) },
      );
    }

    this.alarmNames = {};
    this.alarmArns = {};
    for (const [key, alarm] of Object.entries(this.alarms)) {
      this.alarmNames[key] = alarm instanceof aws.cloudwatch.CompositeAlarm ? alarm.alarmName : alarm.name;
      this.alarmArns[key] = alarm.arn;
    }

    this.registerOutputs({
      topicArn: this.topicArn,
      kmsKeyArn: this.kmsKeyArn,
      alarmNames: this.alarmNames,
      alarmArns: this.alarmArns,
    });
  }
}
