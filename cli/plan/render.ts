import type { PolicyViolation } from "../../policy/offline";
import type { MockRun, PlannedResource } from "./mockRuntime";

type Inputs = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

/** The settings worth seeing at a glance, per resource type. */
function keySettings(r: PlannedResource): string {
  const i = r.inputs as Inputs;
  const parts: string[] = [];
  const add = (label: string, v: unknown): void => {
    if (v !== undefined && v !== null && v !== "") parts.push(`${label}=${str(v)}`);
  };
  switch (r.type) {
    case "aws:cloudwatch/logGroup:LogGroup":
      add("name", i.name);
      add("retention", i.retentionInDays === undefined ? "never" : `${String(i.retentionInDays)}d`);
      add("class", i.logGroupClass);
      add("kms", i.kmsKeyId ? "cmk" : "none");
      break;
    case "aws:kms/key:Key":
      add("rotation", i.enableKeyRotation ? "on" : "off");
      add("deletionWindow", `${String(i.deletionWindowInDays ?? 30)}d`);
      break;
    case "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
      const t = (i.metricTransformation ?? {}) as Inputs;
      add("pattern", i.pattern);
      add("metric", `${str(t.namespace)}/${str(t.name)}`);
      add("value", t.value);
      break;
    }
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      add("name", i.name);
      if (i.metricName) add("metric", `${str(i.namespace)}/${str(i.metricName)}`);
      add(
        "when",
        `${str(i.statistic ?? i.extendedStatistic ?? "")} ${str(i.comparisonOperator)} ${str(i.threshold ?? "band")}`,
      );
      add("period", i.period === undefined ? undefined : `${String(i.period)}s`);
      add(
        "datapoints",
        `${String(i.datapointsToAlarm ?? i.evaluationPeriods)}/${String(i.evaluationPeriods)}`,
      );
      add("missing", i.treatMissingData);
      break;
    case "aws:cloudwatch/queryDefinition:QueryDefinition":
      add("name", i.name);
      break;
    case "aws:sns/topic:Topic":
      add("kms", i.kmsMasterKeyId ? "cmk" : "none");
      break;
    case "aws:sns/topicSubscription:TopicSubscription":
      add("protocol", i.protocol);
      add("endpoint", i.endpoint);
      break;
    default:
      add("name", i.name ?? i.ruleName ?? i.alarmName ?? i.bucket);
  }
  if (r.protect) parts.push("[protected]");
  return parts.join("  ");
}

/**
 * How many resources the plan declares: every one `--json` lists (the stack resource included),
 * then what they are.
 */
export function resourceCount(run: MockRun): string {
  const stacks = run.resources.filter((r) => r.type === "pulumi:pulumi:Stack").length;
  const cloud = run.resources.filter((r) => r.custom).length;
  const components = run.resources.length - stacks - cloud;
  return `${run.resources.length} resources: ${stacks} stack, ${components} components, ${cloud} cloud resources`;
}

/** The plan as a person reads it: a resource tree with key settings, outputs, policy, mocked look-ups. */
export function renderPlan(run: MockRun, violations: PolicyViolation[]): string {
  const children = new Map<string | undefined, PlannedResource[]>();
  for (const r of run.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const lines: string[] = [];
  const walk = (r: PlannedResource, prefix: string, last: boolean, root: boolean): void => {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    const settings = keySettings(r);
    lines.push(`${prefix}${branch}${r.type}  ${r.name}${settings ? `  ${settings}` : ""}`);
    const kids = children.get(r.urn) ?? [];
    kids.forEach((k, idx) =>
      walk(k, root ? "" : prefix + (last ? "   " : "│  "), idx === kids.length - 1, false),
    );
  };
  const roots = children.get(undefined) ?? [];
  lines.push(`Plan for ${run.project}/${run.stack}: ${resourceCount(run)} (offline, under mocks)`, "");
  roots.forEach((r) => walk(r, "", true, true));
  lines.push("", "Outputs:");
  for (const [k, v] of Object.entries(run.outputs)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  lines.push(
    "",
    `Policy: ${violations.length === 0 ? "no violations" : `${violations.length} violation(s)`}`,
  );
  for (const v of violations)
    lines.push(`  [${v.level}] ${v.policy}: ${v.message}\n      ${v.urn || "(the stack as a whole)"}`);
  const tokens = [...new Set(run.calls.map((c) => c.token))];
  if (tokens.length > 0) {
    lines.push("", "Data sources answered by mocks with fake values (account 123456789012):");
    for (const t of tokens) lines.push(`  ${t}`);
  }
  return `${lines.join("\n")}\n`;
}
