import { readStack, type StackModel } from "../../model";
import { REPO_ROOT, runStack } from "../plan/plan";
import { readProjectName, readStackConfig } from "../plan/stackConfig";
import type { Assumptions } from "./assumptions";
import { estimate, type Category, type CostResource, type Estimate } from "./estimate";
import { loadPriceTable, type PriceTable } from "./prices";
import { LOG_PIPELINE_DEFAULTS } from "../../components/logPipeline/args";

/** The platform monitoring module's own "Estimated Monthly Cost" section, as it states it. */
export const SEED_003_ESTIMATE = {
  source: "the platform monitoring module's design, section Estimated Monthly Cost",
  lines: [
    {
      item: "CloudWatch Dashboards ($3/dashboard × 3)",
      category: "CloudWatch dashboards",
      lowUsd: 9,
      highUsd: 9,
    },
    { item: "CloudWatch Alarms ($0.10/alarm × 4)", category: "CloudWatch alarms", lowUsd: 0.4, highUsd: 0.4 },
    { item: "CloudWatch Logs (depends on volume)", category: "CloudWatch Logs", lowUsd: 50, highUsd: 100 },
    { item: "CloudTrail (depends on events)", category: "CloudTrail", lowUsd: 20, highUsd: 50 },
  ],
  totalLowUsd: 80,
  totalHighUsd: 160,
} as const satisfies {
  source: string;
  lines: readonly { item: string; category: Category; lowUsd: number; highUsd: number }[];
  totalLowUsd: number;
  totalHighUsd: number;
};

/** A per-stage setting priced the other way: the whole stack re-planned with `to` and re-estimated. */
export interface SettingDelta {
  key: string;
  current: string;
  alternative: string;
  /** The alternative's total, and alternative − current (negative: the alternative is cheaper). */
  alternativeTotalUsd?: number;
  deltaUsd?: number;
  /** Per category, where the alternative differs. */
  byCategory?: Partial<Record<Category, number>>;
  /** Planned resources by type that the alternative adds (positive) or removes (negative). */
  resourceChanges?: Record<string, number>;
  /** Why the stack cannot be planned with the alternative (its own validation message). */
  notPossible?: string;
}

export interface SeedComparison {
  source: string;
  lines: { item: string; category: Category; seedLowUsd: number; seedHighUsd: number; estimateUsd: number }[];
  seedLowUsd: number;
  seedHighUsd: number;
  /** This estimate for what the seed prices (its four categories), and for everything. */
  inSeedScopeUsd: number;
  totalUsd: number;
}

export interface CostReport {
  stack: string;
  region: string;
  prices: {
    asOf: string;
    kind: string;
    file: string;
    /** How many of the table's items their AWS page's text confirms (`checked: "page text…"`), of `items`. */
    confirmed: number;
    items: number;
  };
  assumptions: Assumptions;
  estimate: Estimate;
  settings: SettingDelta[];
  seed003: SeedComparison;
}

/** The per-stage settings whose cost the report shows, and the value each is compared with. */
export const STAGE_SETTINGS: readonly { key: string; alternative: (current: string) => string }[] = [
  { key: "obskit:logRetentionDays", alternative: (c) => (c === "7" ? "30" : "7") },
  { key: "obskit:anomalyDetection", alternative: (c) => (c === "true" ? "false" : "true") },
  {
    key: "obskit:logClass",
    alternative: (c) => (c === "INFREQUENT_ACCESS" ? "STANDARD" : "INFREQUENT_ACCESS"),
  },
];

/** What the settings above come to when a stack file leaves them out: the LogPipeline's defaults. */
const SETTING_DEFAULTS: Readonly<Record<string, string>> = {
  "obskit:anomalyDetection": String(LOG_PIPELINE_DEFAULTS.anomalyDetection.enabled),
  "obskit:logClass": LOG_PIPELINE_DEFAULTS.logClass,
};

/** Resource types whose count differs between two plans: alternative − base, by type. */
export function countChanges(
  base: readonly CostResource[],
  alt: readonly CostResource[],
): Record<string, number> {
  const counts = new Map<string, number>();
  for (const r of alt) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  for (const r of base) counts.set(r.type, (counts.get(r.type) ?? 0) - 1);
  return Object.fromEntries([...counts].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b)));
}

export function compareWithSeed(e: Estimate): SeedComparison {
  const lines = SEED_003_ESTIMATE.lines.map((l) => ({
    item: l.item,
    category: l.category,
    seedLowUsd: l.lowUsd,
    seedHighUsd: l.highUsd,
    estimateUsd: e.byCategory[l.category] ?? 0,
  }));
  return {
    source: SEED_003_ESTIMATE.source,
    lines,
    seedLowUsd: SEED_003_ESTIMATE.totalLowUsd,
    seedHighUsd: SEED_003_ESTIMATE.totalHighUsd,
    inSeedScopeUsd: Math.round(lines.reduce((s, l) => s + l.estimateUsd, 0) * 100) / 100,
    totalUsd: e.totalUsd,
  };
}

/**
 * Plans `stack` offline (the same run as `obskit plan`), prices it with its region's table, then
 * re-plans it once per stage setting with the other value to show what the setting costs.
 */
export async function costReport(
  stack: string,
  assumptions: Assumptions,
  opts: { root?: string; prices?: PriceTable } = {},
): Promise<CostReport> {
  const root = opts.root ?? REPO_ROOT;
  const config = readStackConfig(root, stack, readProjectName(root));
  const region = config["aws:region"] ?? "us-east-1";
  const prices = opts.prices ?? loadPriceTable(region);
  const baseModel = readStack(await runStack(root, stack, config));
  const base = estimate(baseModel, prices, assumptions);
  const settings: SettingDelta[] = [];
  for (const s of STAGE_SETTINGS) {
    const current = config[s.key] ?? SETTING_DEFAULTS[s.key];
    if (current === undefined) continue;
    const alternative = s.alternative(current);
    let alt: Estimate;
    let altModel: StackModel;
    try {
      altModel = readStack(await runStack(root, stack, { ...config, [s.key]: alternative }));
      alt = estimate(altModel, prices, assumptions);
    } catch (err) {
      settings.push({
        key: s.key,
        current,
        alternative,
        notPossible: (err as Error).message.replace(/\s*\n\s*/g, " "),
      });
      continue;
    }
    const byCategory: Partial<Record<Category, number>> = {};
    const cats = new Set([...Object.keys(base.byCategory), ...Object.keys(alt.byCategory)] as Category[]);
    for (const c of cats) {
      const d = Math.round(((alt.byCategory[c] ?? 0) - (base.byCategory[c] ?? 0)) * 100) / 100;
      if (d !== 0) byCategory[c] = d;
    }
    settings.push({
      key: s.key,
      current,
      alternative,
      resourceChanges: countChanges(baseModel.resources, altModel.resources),
      alternativeTotalUsd: alt.totalUsd,
      deltaUsd: Math.round((alt.totalUsd - base.totalUsd) * 100) / 100,
      byCategory,
    });
  }
  return {
    stack,
    region,
    prices: {
      asOf: prices.asOf,
      kind: prices.kind,
      file: `cli/cost/prices/${prices.region}.json`,
      confirmed: Object.values(prices.items).filter((i) => i.checked.startsWith("page text")).length,
      items: Object.keys(prices.items).length,
    },
    assumptions,
    estimate: base,
    settings,
    seed003: compareWithSeed(base),
  };
}
