import { z } from "zod";
import type { LogClass, RetentionDays } from "../../components/logPipeline/constants";
import { ALL_REGIONS, AWS_REGIONS, REGION_CODE, partitionOf } from "../../components/regions";
import { boolean, fmt, numberFor, oneOf, tags, textFor } from "./fields";

/** The Pulumi project name: every obskit config key is `obskit:<key>`. */
export const PROJECT = "obskit";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/**
 * The config namespaces a `Pulumi.<stack>.yaml` of this program may use, each with what reads it.
 * A key in any other namespace is a typo (`obskt:logClass`) and is rejected, never ignored.
 */
export const KNOWN_NAMESPACES: Readonly<Record<string, string>> = {
  [PROJECT]: "this program's settings (below)",
  aws: "the AWS provider (aws:region, aws:profile, aws:defaultTags, …)",
  awsx: "the AWS Crosswalk provider the container services use",
  "docker-build": "the image builder awsx.ecr.Image runs",
  pulumi: "stack-level settings of Pulumi itself (pulumi:tags, pulumi:disable-default-providers)",
};
export const KNOWN_NAMESPACES_LIST = Object.keys(KNOWN_NAMESPACES);

/** The key that lets a stack use a region newer than this program's region list. */
export const ALLOW_UNKNOWN_REGION = `${PROJECT}:allowUnknownRegion`;

/** Each address once: SNS would subscribe a repeated one twice (the same inbox, case aside). */
const alertEmails = z
  // the address itself is the AlertingPath's to check (its `emails`)
  .array(textFor("an e-mail address like ops@example.com"), { error: "must be a list of e-mail addresses" })
  .min(1, { error: "must list at least one e-mail address, or alarms notify nobody" })
  .superRefine((list, ctx) => {
    const first = new Map<string, number>();
    list.forEach((address, i) => {
      const k = address.toLowerCase();
      const j = first.get(k);
      if (j === undefined) first.set(k, i);
      else
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `must not repeat obskit:alertEmails[${j}] (${fmt(list[j])}): addresses are compared case-insensitively and each gets one subscription; list it once`,
        });
    });
  });

/**
 * The settings every system shares: the region, the stage, the log groups' retention and class,
 * protection, who is alerted, the tags, the policy pack's levels. Retention and class are the
 * LogPipeline's to check and default (LOG_PIPELINE_DEFAULTS), anomaly detection too.
 */
export const coreShape = {
  // the format here; whether the region exists, in `regionProblems` (it depends on the override)
  "aws:region": z.unknown().refine((v): v is string => typeof v === "string" && REGION_CODE.test(v), {
    error: "must be an AWS region such as eu-west-1",
  }),
  allowUnknownRegion: boolean.optional(),
  environment: oneOf(ENVIRONMENTS),
  logRetentionDays: numberFor<RetentionDays>(),
  logClass: textFor<LogClass>().optional(),
  protect: boolean,
  anomalyDetection: boolean.optional(),
  alertEmails,
  tags: tags.default({}),
  // the policy pack's per-stack levels; rule names are checked against the pack by `obskit plan`
  policy: z
    .strictObject({
      enforcement: z.record(z.string(), oneOf(["advisory", "mandatory", "disabled"] as const)).default({}),
    })
    .default({ enforcement: {} }),
};

function editDistance(a: string, b: string): number {
  const m = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) m[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      m[i][j] = Math.min(m[i - 1][j] + 1, m[i][j - 1] + 1, m[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return m[a.length][b.length];
}

/** The entry of `known` nearest to `key` (case aside), if it is within `maxDistance` edits. */
export function closest(key: string, known: readonly string[], maxDistance = 3): string | undefined {
  const best = known
    .map((k) => [k, editDistance(key.toLowerCase(), k.toLowerCase())] as const)
    .sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= maxDistance ? best[0] : undefined;
}

/**
 * A well-formed region no partition lists (`eu-wset-1`, `mars-east-1`): named with the likeliest
 * meant region, the partitions' lists, and both fixes, unless the stack allows unknown regions.
 */
export function regionProblems(region: unknown, allowUnknown: unknown): string[] {
  if (typeof region !== "string" || !REGION_CODE.test(region) || partitionOf(region) !== undefined) return [];
  if (allowUnknown === true || allowUnknown === "true") return [];
  const guess = closest(region, ALL_REGIONS, 2);
  const partitions = Object.keys(AWS_REGIONS).join(", ");
  return [
    `aws:region must be a region of the ${partitions} partitions (got ${fmt(region)})${guess ? `; did you mean ${guess}?` : ""}: set \`aws:region: ${guess ?? "eu-west-1"}\` under \`config:\` in Pulumi.<stack>.yaml, or, for a region newer than obskit's list, keep it and add \`${ALLOW_UNKNOWN_REGION}: true\` there`,
  ];
}
