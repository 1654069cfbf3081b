import { TYPE } from "../../../model";
import { DAYS_PER_MONTH } from "../assumptions";
import { arr, fmt, obj, str } from "../read";
import type { PricingContext } from "../pricing";

/** Contributor Insights rules and log anomaly detection: priced by the log volume they read. */
export function priceLogAnalysis(ctx: PricingContext): void {
  const { ofType, add, a, gbDayOf } = ctx;
  // Contributor Insights: per rule, and per million matched events of its log groups
  for (const rule of ofType(TYPE.insightRule)) {
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

  // Log anomaly detection: priced per GB analysed of the groups it watches
  for (const d of ofType(TYPE.anomalyDetector)) {
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
}
