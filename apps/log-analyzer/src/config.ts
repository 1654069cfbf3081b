/**
 * Validation pieces shared by the front ends (HTTP query and env, scheduled env, CLI flags).
 */
import { z } from "zod";
import { ConfigError } from "./errors";

/** S3 bucket naming rules (general purpose buckets): 3–63 of a-z 0-9 . -, letter or digit at both ends. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A bucket name. */
export const bucketSchema = z
  .string({ error: "is required" })
  .regex(BUCKET_NAME, { error: "must be an S3 bucket name (3–63 characters: a-z, 0-9, '.', '-')" });

/** A key prefix (a full key works too): 1–1024 bytes of UTF-8, as S3 keys. */
export const prefixSchema = z
  .string({ error: "is required" })
  .min(1, { error: "must not be empty (give the key prefix of the log objects)" })
  .refine((p) => Buffer.byteLength(p, "utf8") <= 1024, {
    error: "must be at most 1024 bytes (S3's key limit)",
  });

/** An http(s) URL (S3 endpoint override). */
export const endpointSchema = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** Unset and blank variables are the same thing (deploy tools often pass ""). */
export const blankToUndefined = (value: unknown): unknown =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** `schema`, with a blank or unset value meaning "not given". */
export const optionalEnv = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());

/** One line per problem: `path: message (got value)`. */
export function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.join(".") || "(input)";
    let got: unknown = input;
    for (const part of issue.path) got = (got as Record<PropertyKey, unknown> | undefined)?.[part];
    const shown = got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
    return `${path}: ${issue.message}${shown}`;
  });
}

/** Parses `env` with `schema`, or throws one `ConfigError` listing every problem. */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv, what: string): z.output<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`invalid ${what} environment: ${describeIssues(result.error, env).join("; ")}`);
  }
  return result.data;
}
