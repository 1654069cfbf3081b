import { DAYS_PER_MONTH, HOURS_PER_MONTH, type Assumptions } from "./assumptions";
import type { PriceTable } from "./prices";

/** What the estimator reads of a planned resource (a `MockRun` resource, or a test's fixture). */
export interface CostResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The state the plan answered with (ARNs, physical names), used to link targets to functions. */
  state?: Record<string, unknown>;
}

export type Category =
  | "CloudWatch Logs"
  | "CloudWatch metrics"
  | "CloudWatch alarms"
  | "CloudWatch dashboards"
  | "Contributor Insights"
  | "Log anomaly detection"
  | "CloudTrail"
  | "Lambda"
  | "DynamoDB"
  | "KMS"
  | "SNS"
  | "SQS"
  | "S3"
  | "Firehose"
  | "Fargate"
  | "EC2"
  | "Elastic Load Balancing";

/** One priced line: `quantity` (in the price's unit) × `unitPrice` = `monthlyUsd`. */
export interface LineItem {
  category: Category;
  /** What is billed, e.g. `ingestion /smart-orders/processor (STANDARD)`. */
  item: string;
  /** The planned resources (logical names) the line prices. */
  resources: string[];
  /** The key in the price table. */
  priceKey: string;
  /** Quantity in the unit the price is quoted per (e.g. 2.5 for 250,000 events at "per 100,000"). */
  quantity: number;
  /** The quantity as a person reads it, e.g. `182.5 GB/month` or `3 metrics`. */
  quantityLabel: string;
  unitPrice: number;
  unit: string;
  monthlyUsd: number;
  /** The assumptions this line depends on, stated. */
  assumptions: string[];
}

/** A planned resource that costs money but is not in the estimate, and why. */
export interface NotPriced {
  resource: string;
  type: string;
  reason: string;
}

export interface Estimate {
  region: string;
  currency: "USD";
  pricesAsOf: string;
  lines: LineItem[];
  byCategory: Partial<Record<Category, number>>;
  totalUsd: number;
  notPriced: NotPriced[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const fmt = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 3 });

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Invocations a month of an EventBridge schedule expression, or undefined for one it cannot count. */
export function schedulePerMonth(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const minutes = m[2].startsWith("minute") ? n : m[2].startsWith("hour") ? n * 60 : n * 1440;
  return (HOURS_PER_MONTH * 60) / minutes;
}

/**
 * The monthly estimate of `resources` (one stack's plan) at `prices`, traffic from `a`. Pure: the same
 * inputs give the same numbers, which is what the tests check by hand.
 */
export function estimate(resources: readonly CostResource[], prices: PriceTable, a: Assumptions): Estimate {
  const lines: LineItem[] = [];
  const notPriced: NotPriced[] = [];
  const ofType = (t: string): CostResource[] => resources.filter((r) => r.type === t);
  const add = (
    category: Category,
    item: string,
    res: string[],
    priceKey: string,
    quantity: number,
    quantityLabel: string,
    assumptions: string[] = [],
  ): void => {
    const p = prices.items[priceKey];
    if (!p) throw new Error(`price table ${prices.region} has no ${priceKey}`);
    lines.push({
      category,
      item,
      resources: res,
      priceKey,
      quantity,
      quantityLabel,
      unitPrice: p.price,
      unit: p.unit,
      monthlyUsd: quantity * p.price,
      assumptions,
    });
  };

  // ---- CloudWatch Logs: ingestion by class, storage by retention
  const groups = ofType("aws:cloudwatch/logGroup:LogGroup");
  const perGroupGbDay =
    a.ingestGbPerDay !== undefined
      ? a.ingestGbPerDay / Math.max(groups.length, 1)
      : a.ingestGbPerDayPerLogGroup;
  const ingestNote =
    a.ingestGbPerDay !== undefined
      ? `${fmt(a.ingestGbPerDay)} GB/day for the stack split across ${groups.length} log groups: ${fmt(perGroupGbDay)} GB/day each`
      : `${fmt(perGroupGbDay)} GB/day per log group (assumed; set --ingest-gb-per-day)`;
  const gbDayByGroup = new Map<string, number>();
  for (const g of groups) {
    const name = str(g.inputs.name) ?? g.name;
    gbDayByGroup.set(name, perGroupGbDay);
    const cls = str(g.inputs.logGroupClass) ?? "STANDARD";
    const ia = cls === "INFREQUENT_ACCESS";
    const gbMonth = perGroupGbDay * DAYS_PER_MONTH;
    add(
      "CloudWatch Logs",
      `ingestion ${name} (${cls})`,
      [g.name],
      ia ? "logs.ingestion.infrequentAccess" : "logs.ingestion.standard",
      gbMonth,
      `${fmt(gbMonth)} GB/month`,
      [ingestNote],
    );
    const retention = num(g.inputs.retentionInDays);
    const days = retention && retention > 0 ? retention : a.neverExpireHorizonDays;
    const stored = perGroupGbDay * days * a.logCompressionRatio;
    add(
      "CloudWatch Logs",
      `storage ${name} (${retention && retention > 0 ? `${retention}-day retention` : `never expires: first ${days} days`})`,
      [g.name],
      "logs.storage",
      stored,
      `${fmt(stored)} GB stored`,
      [`${fmt(perGroupGbDay)} GB/day × ${days} days × ${a.logCompressionRatio} compressed/raw`],
    );
  }
  const gbDayOf = (group: string): number => gbDayByGroup.get(group) ?? perGroupGbDay;

  // ---- Custom metrics: one per metric name + dimension combination (metric filters, then alarms on
  // custom namespaces the stack's code publishes)
  const metrics = new Map<string, { res: string[]; combos: number; source: string }>();
  for (const f of ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter")) {
    const t = obj(f.inputs.metricTransformation);
    const dims = Object.keys(obj(t.dimensions));
    const key = `${str(t.namespace)}/${str(t.name)}|${dims.sort().join(",")}`;
    const combos = dims.length === 0 ? 1 : a.dimensionValuesPerDimension ** dims.length;
    const m = metrics.get(key) ?? { res: [], combos, source: "metric filter" };
    m.res.push(f.name);
    metrics.set(key, m);
  }
  const awsNamespace = (ns: string | undefined): boolean => ns === undefined || ns.startsWith("AWS/");
  const alarmMetricRefs = (al: CostResource): { namespace?: string; name?: string; dims: string }[] => {
    const queries = arr(al.inputs.metricQueries).map(obj);
    if (queries.length === 0)
      return [
        {
          namespace: str(al.inputs.namespace),
          name: str(al.inputs.metricName),
          dims: JSON.stringify(obj(al.inputs.dimensions)),
        },
      ];
    return queries
      .filter((q) => q.metric !== undefined)
      .map((q) => {
        const m = obj(q.metric);
        return {
          namespace: str(m.namespace),
          name: str(m.metricName),
          dims: JSON.stringify(obj(m.dimensions)),
        };
      });
  };
  const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
  for (const al of alarms)
    for (const ref of alarmMetricRefs(al)) {
      if (awsNamespace(ref.namespace) || ref.name === undefined) continue;
      const filterKey = [...metrics.keys()].find((k) => k.startsWith(`${ref.namespace}/${ref.name}|`));
      if (filterKey) continue;
      const key = `${ref.namespace}/${ref.name}|${ref.dims}`;
      const m = metrics.get(key) ?? {
        res: [],
        combos: 1,
        source: "published by the stack's code (its alarm names it)",
      };
      m.res.push(al.name);
      metrics.set(key, m);
    }
  for (const [key, m] of metrics) {
    const [metric, dims] = key.split("|");
    add(
      "CloudWatch metrics",
      `${metric}${dims && dims !== "{}" ? ` by ${dims}` : ""} (${m.source})`,
      m.res,
      "metrics.custom",
      m.combos,
      `${m.combos} metric${m.combos === 1 ? "" : "s"}`,
      m.combos > 1 ? [`${a.dimensionValuesPerDimension} values per dimension`] : [],
    );
  }

  // ---- Alarms: per alarm metric, by resolution; anomaly detection bands count 3 metrics each
  for (const al of alarms) {
    const queries = arr(al.inputs.metricQueries).map(obj);
    const periods = [num(al.inputs.period), ...queries.map((q) => num(obj(q.metric).period))].filter(
      (p): p is number => p !== undefined,
    );
    const highRes = periods.some((p) => p < 60);
    const metricCount = queries.length === 0 ? 1 : queries.filter((q) => q.metric !== undefined).length;
    const anomaly = queries.some((q) => /ANOMALY_DETECTION_BAND/.test(str(q.expression) ?? ""));
    const billed = anomaly ? metricCount * 3 : metricCount;
    const kind = anomaly ? "anomaly detection" : queries.length > 0 ? "metric math" : "standard";
    add(
      "CloudWatch alarms",
      `${str(al.inputs.name) ?? al.name} (${kind}${highRes ? ", high resolution" : ""})`,
      [al.name],
      highRes ? "alarms.highResolution" : "alarms.standard",
      billed,
      anomaly
        ? `${metricCount} metric${metricCount === 1 ? "" : "s"} × 3 (band)`
        : `${billed} alarm metric${billed === 1 ? "" : "s"}`,
    );
  }
  for (const c of ofType("aws:cloudwatch/compositeAlarm:CompositeAlarm"))
    add(
      "CloudWatch alarms",
      `${str(c.inputs.alarmName) ?? c.name} (composite)`,
      [c.name],
      "alarms.composite",
      1,
      "1 composite alarm",
    );

  // ---- Dashboards: the first 3 of the account are free
  const dashboards = ofType("aws:cloudwatch/dashboard:Dashboard");
  if (dashboards.length > 0) {
    const billed = Math.max(0, dashboards.length - 3);
    add(
      "CloudWatch dashboards",
      `${dashboards.length} dashboards, first 3 free`,
      dashboards.map((d) => d.name),
      "dashboards.dashboard",
      billed,
      `${billed} billed`,
      ["the 3 free dashboards are per account: this stack is assumed to be the only user"],
    );
  }

  // ---- Contributor Insights: per rule, and per million matched events of its log groups
  for (const rule of ofType("aws:cloudwatch/contributorInsightRule:ContributorInsightRule")) {
    if (str(rule.inputs.ruleState) === "DISABLED") continue;
    let logGroups: string[] = [];
    try {
      logGroups = arr(obj(JSON.parse(str(rule.inputs.ruleDefinition) ?? "{}")).LogGroupNames).map(String);
    } catch {
      logGroups = [];
    }
    const ruleName = str(rule.inputs.ruleName) ?? rule.name;
    add(
      "Contributor Insights",
      `rule ${ruleName}`,
      [rule.name],
      "logs.contributorInsights.rule",
      1,
      "1 rule",
    );
    const gb = logGroups.reduce((s, g) => s + gbDayOf(g), 0) * DAYS_PER_MONTH;
    const matched = ((gb * 1e9) / a.avgLogEventBytes) * a.contributorInsightsMatchRatio;
    add(
      "Contributor Insights",
      `events matched by ${ruleName}`,
      [rule.name],
      "logs.contributorInsights.events",
      matched / 1e6,
      `${fmt(Math.round(matched))} events`,
      [
        `${fmt(gb)} GB/month of ${logGroups.join(", ")} ÷ ${a.avgLogEventBytes} B/event × ${a.contributorInsightsMatchRatio} matched`,
      ],
    );
  }

  // ---- Log anomaly detection: priced per GB analysed of the groups it watches
  for (const d of ofType("aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector")) {
    if (d.inputs.enabled === false) continue;
    const names = arr(d.inputs.logGroupArnLists).map((arn) =>
      String(arn)
        .replace(/^.*:log-group:/, "")
        .replace(/:\*$/, ""),
    );
    const gb = names.reduce((s, g) => s + gbDayOf(g), 0) * DAYS_PER_MONTH;
    add(
      "Log anomaly detection",
      `detector on ${names.join(", ")}`,
      [d.name],
      "logs.anomalyDetection",
      gb,
      `${fmt(gb)} GB/month analysed`,
    );
  }

  // ---- CloudTrail: management events (first copy free), data events per 100,000
  for (const trail of ofType("aws:cloudtrail/trail:Trail")) {
    const selectors = arr(trail.inputs.advancedEventSelectors).map(obj);
    const fieldEquals = (sel: Record<string, unknown>, field: string): string[] =>
      arr(sel.fieldSelectors)
        .map(obj)
        .filter((f) => f.field === field)
        .flatMap((f) => arr(f.equals).map(String));
    const legacy = arr(trail.inputs.eventSelectors).map(obj);
    const management =
      selectors.some((s) => fieldEquals(s, "eventCategory").includes("Management")) ||
      legacy.some((s) => s.includeManagementEvents !== false) ||
      (selectors.length === 0 && legacy.length === 0);
    const dataTypes = new Set<string>([
      ...selectors
        .filter((s) => fieldEquals(s, "eventCategory").includes("Data"))
        .flatMap((s) => fieldEquals(s, "resources.type")),
      ...legacy.flatMap((s) => arr(s.dataResources).map((d) => String(obj(d).type))),
    ]);
    if (management) {
      const billed = a.trailIsFirstManagementCopy ? 0 : a.managementEventsPerMonth;
      add(
        "CloudTrail",
        `management events (${str(trail.inputs.name) ?? trail.name})`,
        [trail.name],
        "cloudtrail.managementEvents.additionalCopy",
        billed / 1e5,
        `${fmt(billed)} billed events`,
        [
          a.trailIsFirstManagementCopy
            ? "the account's first copy of management events: free"
            : `${fmt(a.managementEventsPerMonth)} management events/month, not the first copy`,
        ],
      );
    }
    for (const t of [...dataTypes].sort()) {
      const events =
        t === "AWS::S3::Object"
          ? a.s3DataEventsPerMonth
          : t === "AWS::Lambda::Function"
            ? a.lambdaDataEventsPerMonth
            : undefined;
      if (events === undefined) {
        notPriced.push({
          resource: trail.name,
          type: trail.type,
          reason: `data events of ${t}: no assumed rate`,
        });
        continue;
      }
      add(
        "CloudTrail",
        `data events ${t}`,
        [trail.name],
        "cloudtrail.dataEvents",
        events / 1e5,
        `${fmt(events)} events/month`,
        [
          `${fmt(events)} ${t} data events/month (assumed; set --${t === "AWS::S3::Object" ? "s3" : "lambda"}-data-events)`,
        ],
      );
    }
  }

  // ---- Lambda: requests and GB-seconds; a scheduled function's rate comes from its schedule
  const scheduled = new Map<string, { perMonth: number; expression: string }>();
  const rules = ofType("aws:cloudwatch/eventRule:EventRule");
  for (const target of ofType("aws:cloudwatch/eventTarget:EventTarget")) {
    const rule = rules.find((r) => (str(r.state?.name) ?? str(r.inputs.name)) === str(target.inputs.rule));
    const expression = str(rule?.inputs.scheduleExpression);
    const perMonth = expression ? schedulePerMonth(expression) : undefined;
    const arn = str(target.inputs.arn);
    if (arn && expression && perMonth !== undefined) scheduled.set(arn, { perMonth, expression });
  }
  for (const fn of ofType("aws:lambda/function:Function")) {
    const arn = str(fn.state?.arn);
    const sched = arn ? scheduled.get(arn) : undefined;
    const invocations = sched ? sched.perMonth : a.lambdaInvocationsPerMonth;
    const invNote = sched
      ? `${fmt(invocations)} invocations/month from its schedule ${sched.expression}`
      : `${fmt(invocations)} invocations/month (assumed; set --lambda-invocations)`;
    const memoryMb = num(fn.inputs.memorySize) ?? 128;
    const timeout = num(fn.inputs.timeout) ?? 3;
    const arch = arr(fn.inputs.architectures).map(String).includes("arm64") ? "arm64" : "x86_64";
    const seconds = timeout * a.lambdaDurationRatio;
    const gbSeconds = invocations * (memoryMb / 1024) * seconds;
    const name = str(fn.inputs.name) ?? fn.name;
    add(
      "Lambda",
      `requests ${name}`,
      [fn.name],
      "lambda.requests",
      invocations / 1e6,
      `${fmt(invocations)} requests`,
      [invNote],
    );
    add(
      "Lambda",
      `duration ${name} (${arch}, ${memoryMb} MB)`,
      [fn.name],
      `lambda.duration.${arch}`,
      gbSeconds,
      `${fmt(gbSeconds)} GB-s`,
      [
        invNote,
        `${fmt(seconds)} s average = ${a.lambdaDurationRatio} × ${timeout} s timeout (set --lambda-duration-ratio)`,
      ],
    );
  }

  // ---- DynamoDB on demand
  for (const t of ofType("aws:dynamodb/table:Table")) {
    if (str(t.inputs.billingMode) !== "PAY_PER_REQUEST") {
      notPriced.push({ resource: t.name, type: t.type, reason: "provisioned capacity is not estimated" });
      continue;
    }
    add(
      "DynamoDB",
      `writes ${t.name}`,
      [t.name],
      "dynamodb.onDemand.write",
      a.dynamoWritesPerMonth / 1e6,
      `${fmt(a.dynamoWritesPerMonth)} WRU`,
      [`${fmt(a.dynamoWritesPerMonth)} write units/month (assumed)`],
    );
    add(
      "DynamoDB",
      `reads ${t.name}`,
      [t.name],
      "dynamodb.onDemand.read",
      a.dynamoReadsPerMonth / 1e6,
      `${fmt(a.dynamoReadsPerMonth)} RRU`,
      [`${fmt(a.dynamoReadsPerMonth)} read units/month (assumed)`],
    );
    add(
      "DynamoDB",
      `storage ${t.name}`,
      [t.name],
      "dynamodb.storage",
      a.dynamoStorageGb,
      `${fmt(a.dynamoStorageGb)} GB`,
      [`${fmt(a.dynamoStorageGb)} GB stored (assumed)`],
    );
  }

  // ---- KMS: keys and requests
  const keys = ofType("aws:kms/key:Key");
  if (keys.length > 0) {
    add(
      "KMS",
      `${keys.length} customer managed keys`,
      keys.map((k) => k.name),
      "kms.key",
      keys.length,
      `${keys.length} keys`,
    );
    const requests = keys.length * a.kmsRequestsPerKeyPerMonth;
    add(
      "KMS",
      "requests",
      keys.map((k) => k.name),
      "kms.requests",
      requests / 1e4,
      `${fmt(requests)} requests`,
      [`${fmt(a.kmsRequestsPerKeyPerMonth)} requests/month per key (assumed)`],
    );
  }

  // ---- SNS: one publish per alarm notification, one e-mail per e-mail subscription
  const topics = ofType("aws:sns/topic:Topic");
  const subs = ofType("aws:sns/topicSubscription:TopicSubscription");
  for (const topic of topics) {
    const n = a.alarmNotificationsPerMonth;
    add("SNS", `publishes ${topic.name}`, [topic.name], "sns.publish", n / 1e6, `${fmt(n)} publishes`, [
      `${fmt(n)} alarm notifications/month (assumed; set --alarm-notifications)`,
    ]);
  }
  const emails = subs.filter((s) => ["email", "email-json"].includes(str(s.inputs.protocol) ?? ""));
  if (emails.length > 0) {
    const n = a.alarmNotificationsPerMonth * emails.length;
    add(
      "SNS",
      `e-mail notifications to ${emails.length} subscriptions`,
      emails.map((s) => s.name),
      "sns.email",
      n / 1e5,
      `${fmt(n)} e-mails`,
      [`${fmt(a.alarmNotificationsPerMonth)} notifications/month × ${emails.length} e-mail subscriptions`],
    );
  }

  // ---- SQS
  const queues = ofType("aws:sqs/queue:Queue");
  if (queues.length > 0) {
    const n = queues.length * a.sqsRequestsPerQueuePerMonth;
    add(
      "SQS",
      `requests to ${queues.length} queues`,
      queues.map((q) => q.name),
      "sqs.requests",
      n / 1e6,
      `${fmt(n)} requests`,
      [`${fmt(a.sqsRequestsPerQueuePerMonth)} requests/month per queue (assumed)`],
    );
  }

  // ---- S3: storage (priced as S3 Standard) and PUTs per bucket
  for (const b of ofType("aws:s3/bucket:Bucket")) {
    add(
      "S3",
      `storage ${b.name}`,
      [b.name],
      "s3.storage.standard",
      a.s3GbPerBucket,
      `${fmt(a.s3GbPerBucket)} GB`,
      [`${fmt(a.s3GbPerBucket)} GB per bucket in S3 Standard (assumed; set --s3-gb-per-bucket)`],
    );
    add(
      "S3",
      `PUT requests ${b.name}`,
      [b.name],
      "s3.put",
      a.s3PutsPerBucketPerMonth / 1e3,
      `${fmt(a.s3PutsPerBucketPerMonth)} PUTs`,
      [`${fmt(a.s3PutsPerBucketPerMonth)} PUTs/month per bucket (assumed)`],
    );
  }

  // ---- Firehose: GB ingested = what the subscription filters feeding it deliver
  const streams = ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
  const subscriptions = ofType("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
  for (const s of streams) {
    const arn = str(s.state?.arn);
    const feeding = subscriptions.filter((f) => arn !== undefined && str(f.inputs.destinationArn) === arn);
    const gb = feeding.reduce((sum, f) => sum + gbDayOf(str(f.inputs.logGroup) ?? ""), 0) * DAYS_PER_MONTH;
    add(
      "Firehose",
      `ingestion ${s.name}`,
      [s.name, ...feeding.map((f) => f.name)],
      "firehose.ingestion",
      gb,
      `${fmt(gb)} GB/month`,
      [
        feeding.length > 0
          ? `every event of ${feeding.map((f) => str(f.inputs.logGroup)).join(", ")} (its subscription filter): ${fmt(gb)} GB/month`
          : "no subscription filter feeds it in the plan",
      ],
    );
  }

  // ---- Fargate: vCPU and GB hours from the task definitions and desired counts
  for (const svc of ofType("awsx:ecs:FargateService")) {
    const td = obj(svc.inputs.taskDefinitionArgs);
    const cpu = num(td.cpu);
    const mem = num(td.memory);
    const count = num(svc.inputs.desiredCount) ?? 1;
    if (cpu === undefined || mem === undefined) {
      notPriced.push({ resource: svc.name, type: svc.type, reason: "task size not in the plan" });
      continue;
    }
    const arch = str(obj(td.runtimePlatform).cpuArchitecture) === "ARM64" ? "arm64" : "x86_64";
    const vcpuHours = (cpu / 1024) * count * HOURS_PER_MONTH;
    const gbHours = (mem / 1024) * count * HOURS_PER_MONTH;
    const sizing = `${count} task${count === 1 ? "" : "s"} × ${cpu / 1024} vCPU / ${mem / 1024} GB × ${HOURS_PER_MONTH} h`;
    add(
      "Fargate",
      `vCPU ${svc.name} (${arch})`,
      [svc.name],
      `fargate.vcpu.${arch}`,
      vcpuHours,
      `${fmt(vcpuHours)} vCPU-hours`,
      [sizing],
    );
    add(
      "Fargate",
      `memory ${svc.name} (${arch})`,
      [svc.name],
      `fargate.memory.${arch}`,
      gbHours,
      `${fmt(gbHours)} GB-hours`,
      [sizing],
    );
  }

  // ---- EC2: instance hours and gp3 volumes
  for (const inst of ofType("aws:ec2/instance:Instance")) {
    const type = str(inst.inputs.instanceType) ?? "";
    if (prices.items[`ec2.${type}`])
      add(
        "EC2",
        `instance ${inst.name} (${type})`,
        [inst.name],
        `ec2.${type}`,
        HOURS_PER_MONTH,
        `${HOURS_PER_MONTH} hours`,
      );
    else
      notPriced.push({
        resource: inst.name,
        type: inst.type,
        reason: `no price for instance type ${type} in ${prices.region}.json`,
      });
    for (const dev of [obj(inst.inputs.rootBlockDevice), ...arr(inst.inputs.ebsBlockDevices).map(obj)]) {
      const size = num(dev.volumeSize);
      if (size === undefined) continue;
      const vt = str(dev.volumeType) ?? "gp3";
      if (vt === "gp3")
        add("EC2", `gp3 volume ${inst.name} (${size} GB)`, [inst.name], "ebs.gp3", size, `${size} GB-month`);
      else
        notPriced.push({ resource: inst.name, type: inst.type, reason: `${vt} volume: only gp3 is priced` });
    }
  }

  // ---- Application Load Balancers: hours and LCUs
  for (const lb of ofType("aws:lb/loadBalancer:LoadBalancer")) {
    const type = str(lb.inputs.loadBalancerType) ?? "application";
    if (type !== "application") {
      notPriced.push({ resource: lb.name, type: lb.type, reason: `${type} load balancers are not priced` });
      continue;
    }
    add(
      "Elastic Load Balancing",
      `ALB ${lb.name}`,
      [lb.name],
      "elb.alb.hour",
      HOURS_PER_MONTH,
      `${HOURS_PER_MONTH} hours`,
    );
    const lcuHours = a.albLcus * HOURS_PER_MONTH;
    add(
      "Elastic Load Balancing",
      `LCUs ${lb.name}`,
      [lb.name],
      "elb.alb.lcu",
      lcuHours,
      `${fmt(lcuHours)} LCU-hours`,
      [`${a.albLcus} LCU on average (assumed)`],
    );
  }

  for (const r of resources) {
    const reason = UNPRICED_TYPES[r.type];
    if (reason) notPriced.push({ resource: r.name, type: r.type, reason });
  }

  const byCategory: Partial<Record<Category, number>> = {};
  for (const l of lines) byCategory[l.category] = (byCategory[l.category] ?? 0) + l.monthlyUsd;
  for (const k of Object.keys(byCategory) as Category[]) byCategory[k] = round2(byCategory[k] ?? 0);
  const totalUsd = round2(lines.reduce((s, l) => s + l.monthlyUsd, 0));
  return {
    region: prices.region,
    currency: "USD",
    pricesAsOf: prices.asOf,
    lines,
    byCategory,
    totalUsd,
    notPriced,
  };
}

/** Planned types that cost money the estimate does not price (stated, not silently left out). */
const UNPRICED_TYPES: Readonly<Record<string, string>> = {
  "aws:cloudfront/distribution:Distribution":
    "CloudFront requests and data transfer out depend on traffic (1 TB/month and 10M requests are free)",
  "aws:ecr/repository:Repository": "ECR image storage ($0.10/GB-month): a few hundred MB per repository",
  "aws:cloudfront/vpcOrigin:VpcOrigin": "priced with its CloudFront distribution",
};
