import { TYPE } from "../../../model";
import { DAYS_PER_MONTH } from "../assumptions";
import { fmt, num, str } from "../read";
import type { PricingContext } from "../pricing";

/** CloudWatch Logs ingestion by class and storage by retention; returns each group's assumed GB/day, which the log-volume features read. */
export function priceLogGroups(ctx: Omit<PricingContext, "gbDayOf">): (group: string) => number {
  const { ofType, add, a } = ctx;
  // CloudWatch Logs: ingestion by class, storage by retention
  const groups = ofType(TYPE.logGroup);
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
  return gbDayOf;
}
