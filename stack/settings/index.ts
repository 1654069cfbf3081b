import { z } from "zod";
import { analyzerShape } from "./analyzer";
import { auditShape } from "./audit";
import { cafeShape } from "./cafe";
import { coreShape, closest, KNOWN_NAMESPACES, PROJECT, regionProblems } from "./core";
import { ordersShape } from "./orders";
import { platformShape } from "./platform";
import { fmt } from "./fields";
import { ConfigError, describeIssue, keyName, objectShape, unknownNamespace } from "./problems";
import { realtimeShape } from "./realtime";

export { ALLOW_UNKNOWN_REGION, ENVIRONMENTS, KNOWN_NAMESPACES, PROJECT } from "./core";
export { fmt } from "./fields";
export { ConfigError } from "./problems";

/**
 * The stack's settings schema: one entry per config key, by system as the stack files are
 * (`core.ts`: what every system shares; then orders, realtime, analyzer, audit, platform, café).
 * It checks the shape of each value; what a value may be is checked by the component it goes to.
 */
export const settingsSchema = z.strictObject({
  ...coreShape,
  ...ordersShape,
  ...realtimeShape,
  ...analyzerShape,
  ...auditShape,
  ...platformShape,
  ...cafeShape,
});

export type Settings = z.output<typeof settingsSchema>;

/** Config keys whose values are structured (YAML maps or lists, JSON strings at run time). */
const STRUCTURED = new Set([
  "alertEmails",
  "alarms",
  "tags",
  "orderWorker",
  "realtime",
  "analyzer",
  "audit",
  "policy",
  "platform",
  "cafe",
]);

const SHAPE = settingsSchema.shape as Record<string, z.ZodType>;

/**
 * Every setting the schema knows, as a path (`"realtime.timeoutSeconds"`, `"aws:region"`): maps
 * are walked down to their leaves; lists and tag maps are one setting each.
 */
export function settingPaths(): string[] {
  const walk = (shape: Record<string, z.ZodType>, prefix: string): string[] =>
    Object.entries(shape).flatMap(([k, schema]) => {
      const inner = objectShape(schema);
      return inner ? walk(inner, `${prefix}${k}.`) : [`${prefix}${k}`];
    });
  return walk(SHAPE, "");
}

/**
 * Parses the stack's raw config (`{"obskit:logRetentionDays": "7", "aws:region": "eu-west-1", …}`,
 * values as Pulumi hands them over: strings, structured ones as JSON) into typed settings.
 * Throws {@link ConfigError} listing every problem, each naming the key, the value and what is allowed.
 */
export function parseSettings(raw: Record<string, string | undefined>): Settings {
  const problems: string[] = [];
  const input: Record<string, unknown> = {};
  const known = Object.keys(SHAPE);
  const projectKeys = known.filter((k) => !k.includes(":"));
  for (const [fullKey, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    let key: string;
    const ns = fullKey.includes(":") ? fullKey.slice(0, fullKey.indexOf(":")) : PROJECT;
    if (fullKey === "aws:region") key = fullKey;
    else if (ns === PROJECT) key = fullKey.slice(fullKey.indexOf(":") + 1);
    else if (Object.hasOwn(KNOWN_NAMESPACES, ns))
      continue; // aws:profile, pulumi:tags, …: their readers check them
    else {
      problems.push(unknownNamespace(fullKey, value, projectKeys));
      continue;
    }
    if (!known.includes(key)) {
      const guess = closest(key, projectKeys);
      problems.push(
        `${keyName(fullKey)} is not a known setting (got ${fmt(value)}); ${guess ? `did you mean ${PROJECT}:${guess}?` : `known: ${known.join(", ")}`}`,
      );
      continue;
    }
    if (STRUCTURED.has(key)) {
      try {
        input[key] = JSON.parse(value);
      } catch {
        input[key] = value; // not JSON: let the schema say what shape it wants
      }
    } else {
      input[key] = value;
    }
  }
  const result = settingsSchema.safeParse(input);
  if (!result.success)
    for (const issue of result.error.issues) problems.push(...describeIssue(SHAPE, issue, input));
  problems.push(...regionProblems(input["aws:region"], input.allowUnknownRegion));
  if (problems.length > 0) throw new ConfigError(problems);
  return (result as { data: Settings }).data;
}
