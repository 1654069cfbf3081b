import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";

/** The AWS-owned hosts a price's source may be on: the pricing pages and the documentation. */
export const SOURCE_HOSTS = ["aws.amazon.com", "docs.aws.amazon.com"] as const;

/**
 * One priced item: the list price, what it is per, the AWS page it comes from, and `checked`: what that
 * page's text says of the figure for this region, or `not confirmed: <why>`.
 */
const priceItem = z.strictObject({
  price: z.number().nonnegative(),
  unit: z.string().regex(/^USD per /),
  source: z.url({ protocol: /^https$/, hostname: /^(aws\.amazon\.com|docs\.aws\.amazon\.com)$/ }),
  checked: z.string().regex(/^(page text(?: \(https:\/\/[^)\s]+\))?|not confirmed): \S/),
});

/** A region's price table (`cli/cost/prices/<region>.json`): dated list prices with their sources. */
export const priceTableSchema = z.strictObject({
  region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/),
  currency: z.literal("USD"),
  asOf: z.iso.date(),
  kind: z.string().min(1),
  note: z.string().min(1),
  items: z.record(z.string().regex(/^[a-z0-9]+(\.[A-Za-z0-9_.-]+)+$/), priceItem),
});

export type PriceTable = z.infer<typeof priceTableSchema>;
export type PriceItem = z.infer<typeof priceItem>;

/** Where the price tables live. */
export const PRICES_DIR = path.join(__dirname, "prices");

/** Items every table must price: the estimator looks each of these up. */
export const REQUIRED_ITEMS = [
  "logs.ingestion.standard",
  "logs.ingestion.infrequentAccess",
  "logs.storage",
  "logs.contributorInsights.rule",
  "logs.contributorInsights.events",
  "logs.anomalyDetection",
  "metrics.custom",
  "alarms.standard",
  "alarms.highResolution",
  "alarms.composite",
  "dashboards.dashboard",
  "cloudtrail.managementEvents.additionalCopy",
  "cloudtrail.dataEvents",
  "lambda.requests",
  "lambda.duration.x86_64",
  "lambda.duration.arm64",
  "dynamodb.onDemand.write",
  "dynamodb.onDemand.read",
  "dynamodb.storage",
  "kms.key",
  "kms.requests",
  "sns.publish",
  "sns.email",
  "sqs.requests",
  "s3.storage.standard",
  "s3.storage.standardIa",
  "s3.storage.glacierInstantRetrieval",
  "s3.put",
  "firehose.ingestion",
  "fargate.vcpu.x86_64",
  "fargate.memory.x86_64",
  "fargate.vcpu.arm64",
  "fargate.memory.arm64",
  "ebs.gp3",
  "elb.alb.hour",
  "elb.alb.lcu",
] as const;

export class PriceTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceTableError";
  }
}

/** The regions a table exists for. */
export function priceRegions(dir = PRICES_DIR): string[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^(.+)\.json$/.exec(f)?.[1])
    .filter((r): r is string => r !== undefined)
    .sort();
}

/** Parses and checks a price table: its shape, and that it prices every required item. */
export function parsePriceTable(json: unknown, where: string): PriceTable {
  const parsed = priceTableSchema.safeParse(json);
  if (!parsed.success)
    throw new PriceTableError(`${where}: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  const missing = REQUIRED_ITEMS.filter((k) => !Object.hasOwn(parsed.data.items, k));
  if (missing.length > 0) throw new PriceTableError(`${where}: no price for ${missing.join(", ")}`);
  return parsed.data;
}

/** The price table of `region`, or a PriceTableError naming the regions that have one. */
export function loadPriceTable(region: string, dir = PRICES_DIR): PriceTable {
  const file = path.join(dir, `${region}.json`);
  if (!/^[a-z0-9-]+$/.test(region) || !fs.existsSync(file))
    throw new PriceTableError(
      `no price table for region ${JSON.stringify(region)} (tables: ${priceRegions(dir).join(", ")}); add ${path.relative(process.cwd(), file)}`,
    );
  const table = parsePriceTable(JSON.parse(fs.readFileSync(file, "utf8")) as unknown, file);
  if (table.region !== region) throw new PriceTableError(`${file}: region is ${table.region}, not ${region}`);
  return table;
}
