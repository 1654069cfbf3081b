import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValid, problem, type ArgumentProblem } from "../errors";
import { toJson } from "../policies/document";
import { alarmTopicKeyPolicy } from "../policies/kms";
import { alarmTopicPolicy } from "../policies/sns";
import { componentTags } from "../tags";
import {
  alarmName,
  compositeRule,
  createAlarm,
  createAnomalyAlarm,
  type AlarmDefaults,
  type AlarmSpec,
  type MetricMathAlarmSpec,
} from "./alarms";
import {
  addedAlarmProblems,
  notUnique,
  resolveAlertingPathArgs,
  validateAlertingPathArgs,
  type AlertingPathArgs,
} from "./args";
import { VERSION } from "../version";

/**
 * What an AlertingPath keeps to itself. Not class fields: to other Pulumi languages every field of a
 * component is an output (the schema is inferred from the class), so private state lives here.
 */
interface PathState {
  /** The component's name. */
  resourceName: string;
  /** The cross-cutting alarm settings (name prefix, topic, tags), written once. */
  alarmDefaults?: AlarmDefaults;
  /** Physical alarm names in use, so an added alarm cannot collide with another. */
  specNames: Set<string>;
  /** ARNs of the rules allowed to publish, read by the topic and key policies once the program's pass ends. */
  eventRuleArns: pulumi.Output<string>[];
  /** Whether those policies were rendered (later rules are refused). */
  eventRulesClosed: boolean;
}
const STATE = new WeakMap<AlertingPath, PathState>();

/** Marks AlertingPaths of any copy of this package (a program may load two); on the prototype, not a field. */
const BRAND = Symbol.for("obskit:AlertingPath");

/** Where an alarm added with `AlertingPath.addAlarm` lives and how the stack names it. */
export interface AddAlarmOptions {
  /** Key of the alarm in `alarms`, `alarmNames` and `alarmArns`. @default the spec's name */
  key?: string;
  /** The alarm's parent, e.g. the component whose resource it watches. @default the AlertingPath */
  parent?: pulumi.Resource;
  /** The alarm's Pulumi resource name. @default `<path name>-alarm-<spec name>` */
  resourceName?: string;
}

/**
 * Alarms and where they go: an SNS topic encrypted with a customer-managed key CloudWatch can use,
 * a topic policy that only this account's alarms may publish through, e-mail and other
 * subscriptions, and threshold, anomaly-detection and composite alarms with ALARM and OK actions.
 */
export class AlertingPath extends pulumi.ComponentResource {
  /** The obskit version that declared this component (also its children's `obskit:version` tag). */
  readonly version: pulumi.Output<string>;
  /** The alarm topic. */
  readonly topic: aws.sns.Topic;
  /** The topic's ARN. */
  readonly topicArn: pulumi.Output<string>;
  /** ARN of the key encrypting the topic. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The key created for the topic, when none was given. */
  readonly key?: aws.kms.Key;
  /** Every metric alarm (threshold, metric-math, anomaly, and those added later), by its key. */
  readonly alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
  /** Every composite alarm, by its key. */
  readonly compositeAlarms: Record<string, aws.cloudwatch.CompositeAlarm> = {};
  /** Alarm physical names, by key: every alarm of the path, including those added with `addAlarm`. */
  readonly alarmNames: Record<string, pulumi.Output<string>> = {};
  /** Alarm ARNs, by key, likewise. */
  readonly alarmArns: Record<string, pulumi.Output<string>> = {};
  /** EventBridge rules notifying the topic (`addEventRule`), by key: their names. */
  readonly eventRuleNames: Record<string, pulumi.Output<string>> = {};

  /**
   * Whether `obj` is an AlertingPath — also one built by another copy of this package, which
   * `instanceof` would not recognise (the pattern of Pulumi's own `Resource.isInstance`).
   */
  static isAlertingPath(obj: unknown): obj is AlertingPath {
    return typeof obj === "object" && obj !== null && (obj as Record<symbol, unknown>)[BRAND] === true;
  }

  /** What the path keeps to itself (held outside the instance: see `PathState`). */
  private get state(): PathState {
    return STATE.get(this)!;
  }

  /** The cross-cutting alarm settings, once the topic exists. */
  private get defaults(): AlarmDefaults {
    return this.state.alarmDefaults!;
  }

  constructor(name: string, args: AlertingPathArgs, opts?: pulumi.ComponentResourceOptions) {
    super("obskit:index:AlertingPath", name, {}, opts);
    this.version = pulumi.output(VERSION);
    STATE.set(this, { resourceName: name, specNames: new Set(), eventRuleArns: [], eventRulesClosed: false });
    assertValid("AlertingPath", name, validateAlertingPathArgs(name, args));
    const a = resolveAlertingPathArgs(name, args);
    const tags = componentTags("AlertingPath", a.tags);
    const keep = { protect: a.protect, retainOnDelete: a.protect };

    // The rules added with addEventRule right after construction (the same synchronous pass, as
    // the stack's systems do) are read when that pass ends; the policies list exactly them.
    const eventRuleArns = pulumi
      .output(
        new Promise<boolean>((resolve) =>
          setImmediate(() => {
            this.state.eventRulesClosed = true;
            resolve(true);
          }),
        ),
      )
      .apply(() => pulumi.all(this.state.eventRuleArns));

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
            .all([identity.accountId, region.region, partition.partition, eventRuleArns])
            .apply(([accountId, r, p, rules]) =>
              toJson(
                alarmTopicKeyPolicy({
                  accountId,
                  region: r,
                  partition: p,
                  eventBridgePublishes: rules.length > 0,
                }),
              ),
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
          .all([identity.accountId, region.region, partition.partition, this.topic.arn, eventRuleArns])
          .apply(([accountId, r, p, topicArn, rules]) =>
            toJson(alarmTopicPolicy({ accountId, region: r, partition: p, topicArn, eventRuleArns: rules })),
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

    this.state.alarmDefaults = { namePrefix: a.alarmNamePrefix, topicArn: this.topic.arn, tags };
    for (const spec of a.alarms) this.record(spec.name, this.createAlarm(spec, {}));
    for (const spec of a.metricMathAlarms) this.record(spec.name, this.createAlarm(spec, {}));
    for (const spec of a.anomalyAlarms) {
      this.record(
        spec.name,
        createAnomalyAlarm(`${name}-anomaly-${spec.name}`, spec, this.defaults, { parent: this }),
      );
    }
    for (const spec of a.compositeAlarms) {
      const members = spec.alarms.map((n) => alarmName(this.defaults, n));
      const composite = new aws.cloudwatch.CompositeAlarm(
        `${name}-composite-${spec.name}`,
        {
          alarmName: alarmName(this.defaults, spec.name),
          alarmDescription:
            spec.description ?? `${spec.when === "all" ? "All" : "Any"} of: ${members.join(", ")}`,
          alarmRule: compositeRule(members, spec.when ?? "any"),
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
          tags,
        },
        { parent: this, dependsOn: spec.alarms.map((n) => this.alarms[n]) },
      );
      this.record(spec.name, composite);
    }

    this.registerOutputs({
      version: this.version,
      topicArn: this.topicArn,
      kmsKeyArn: this.kmsKeyArn,
      alarmNames: this.alarmNames,
      alarmArns: this.alarmArns,
      eventRuleNames: this.eventRuleNames,
    });
  }

  /**
   * Adds a threshold or metric-math alarm to this path after construction — for a system or component that owns
   * the metric (an analyzer's load balancer, a dead-letter queue). It is validated exactly like the
   * constructor's `alarms` (throws `ObskitArgsError` listing every problem), gets the path's
   * cross-cutting settings (name prefix, ALARM/OK actions on the topic, tags), and is recorded in
   * `alarms`, `alarmNames` and `alarmArns`, so it reaches the stack outputs like every other alarm.
   */
  addAlarm(spec: AlarmSpec | MetricMathAlarmSpec, opts: AddAlarmOptions = {}): aws.cloudwatch.MetricAlarm {
    const key = opts.key ?? spec.name;
    const problems = addedAlarmProblems("spec", this.defaults.namePrefix, spec);
    if (this.state.specNames.has(spec.name)) problems.push(notUnique("spec", spec.name));
    if (key in this.alarmNames)
      problems.push(
        problem("opts.key", key, "is already used by another alarm of the path", "pass another `key`"),
      );
    assertValid("AlertingPath", this.state.resourceName, problems);
    const alarm = this.createAlarm(spec, opts);
    this.record(key, alarm, spec.name);
    return alarm;
  }

  /**
   * Lets an EventBridge rule notify the topic: an event target on the topic, and the rule's ARN in
   * the topic policy (only `events.amazonaws.com` with `aws:SourceArn` = exactly this rule may
   * publish) and in the topic key's policy. Call it in the program's synchronous pass that built the
   * path (as `compose*` functions do): the policies are rendered once that pass ends, and a later
   * call throws `ObskitArgsError`.
   */
  addEventRule(
    key: string,
    rule: aws.cloudwatch.EventRule,
    opts: {
      /** Shapes the message the rule publishes. @default the event as JSON */
      inputTransformer?: aws.types.input.cloudwatch.EventTargetInputTransformer;
      /** The target's parent. @default the AlertingPath */
      parent?: pulumi.Resource;
    } = {},
  ): aws.cloudwatch.EventTarget {
    const problems: ArgumentProblem[] = [];
    if (this.state.eventRulesClosed)
      problems.push(
        problem(
          "key",
          key,
          "names an event rule added (addEventRule) after the topic policy was rendered",
          "call addEventRule in the same synchronous pass that constructs the AlertingPath",
        ),
      );
    if (key in this.eventRuleNames)
      problems.push(
        problem("key", key, "is already used by another event rule (addEventRule)", "pass another key"),
      );
    assertValid("AlertingPath", this.state.resourceName, problems);
    this.state.eventRuleArns.push(rule.arn);
    this.eventRuleNames[key] = rule.name;
    return new aws.cloudwatch.EventTarget(
      `${this.state.resourceName}-event-${key}`,
      {
        rule: rule.name,
        eventBusName: rule.eventBusName,
        arn: this.topic.arn,
        inputTransformer: opts.inputTransformer,
      },
      { parent: opts.parent ?? this },
    );
  }

  private createAlarm(
    spec: AlarmSpec | MetricMathAlarmSpec,
    opts: AddAlarmOptions,
  ): aws.cloudwatch.MetricAlarm {
    return createAlarm(
      opts.resourceName ?? `${this.state.resourceName}-alarm-${spec.name}`,
      spec,
      this.defaults,
      { parent: opts.parent ?? this },
    );
  }

  private record(
    key: string,
    alarm: aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm,
    specName: string = key,
  ): void {
    this.state.specNames.add(specName);
    if (alarm instanceof aws.cloudwatch.CompositeAlarm) this.compositeAlarms[key] = alarm;
    else this.alarms[key] = alarm;
    this.alarmNames[key] = alarm instanceof aws.cloudwatch.CompositeAlarm ? alarm.alarmName : alarm.name;
    this.alarmArns[key] = alarm.arn;
  }
}
Object.defineProperty(AlertingPath.prototype, BRAND, { value: true });
