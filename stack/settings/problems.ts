import { z } from "zod";
import { closest, ENVIRONMENTS, KNOWN_NAMESPACES_LIST, PROJECT } from "./core";
import { fmt } from "./fields";

/** Raised when stack config is invalid: one message per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/**
 * What to write in `Pulumi.<stack>.yaml` for a required key: the line under `config:`, and the
 * `pulumi config set` command that writes the same line, for those who use the Pulumi CLI.
 */
const REQUIRED: Record<string, { yaml: string; cli: string }> = {
  "aws:region": { yaml: "aws:region: eu-west-1", cli: "pulumi config set aws:region eu-west-1" },
  environment: {
    yaml: "obskit:environment: dev",
    cli: `pulumi config set obskit:environment <${ENVIRONMENTS.join("|")}>`,
  },
  logRetentionDays: {
    yaml: "obskit:logRetentionDays: 30",
    cli: "pulumi config set obskit:logRetentionDays 30",
  },
  protect: { yaml: "obskit:protect: false", cli: "pulumi config set obskit:protect <true|false>" },
  alertEmails: {
    yaml: "obskit:alertEmails: [ops@example.com]",
    cli: "pulumi config set --path 'obskit:alertEmails[0]' ops@example.com",
  },
  alarms: {
    yaml: "obskit:alarms: { paymentFailures: { threshold: 5 } }",
    cli: "pulumi config set --path obskit:alarms.paymentFailures.threshold 5",
  },
};

/** How to set a required key: the stack file first, the CLI as an alternative. */
export function requiredHint(key: string, name: string): string {
  const r = REQUIRED[key] ?? { yaml: `${name}: <value>`, cli: `pulumi config set ${name} <value>` };
  return `add \`${r.yaml}\` under \`config:\` in Pulumi.<stack>.yaml (or run \`${r.cli}\`)`;
}

/** The full config key of a settings path: `obskit:realtime.timeoutSeconds`, `aws:region`. */
export function keyName(k: string): string {
  return /^[^.[]*:/.test(k) ? k : `${PROJECT}:${k}`;
}

export function pathName(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );
}

/** The object schema inside `schema` (through defaults, optionals, refinements), if it is one. */
export function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  let t = schema;
  for (let depth = 0; t !== undefined && depth < 10; depth++) {
    if (t instanceof z.ZodObject) return t.shape as Record<string, z.ZodType>;
    const def = (t as unknown as { def: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    t = def.innerType ?? def.in;
  }
  return undefined;
}

/** The keys the settings object at `path` (e.g. `["realtime"]`) allows, if it is an object. */
function keysAt(root: Record<string, z.ZodType>, path: PropertyKey[]): string[] {
  let shape: Record<string, z.ZodType> | undefined = root;
  for (const p of path) shape = objectShape(shape?.[String(p)]);
  return Object.keys(shape ?? {});
}

export function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  object: "a map",
  record: "a map",
  array: "a list",
};

/** What zod's own issues (not the checks in `fields.ts`) allow, in the same "must be …" words. */
function allowed(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith("must")) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "too_small":
      return `must be at least ${String(issue.minimum)}${issue.origin === "array" ? " items long" : issue.origin === "string" ? " characters long" : ""}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}${issue.origin === "array" ? " items long" : issue.origin === "string" ? " characters long" : ""}`;
    case "custom":
      // our own wording, already saying what is allowed
      return issue.message;
    default:
      return `must be valid: ${issue.message}`;
  }
}

/**
 * The one place a schema issue becomes a message: the full key (`obskit:realtime.timeoutSeconds`),
 * what is allowed, and the value it got, as the person typed it.
 */
export function describeIssue(
  root: Record<string, z.ZodType>,
  issue: z.core.$ZodIssue,
  input: Record<string, unknown>,
): string[] {
  if (issue.code === "unrecognized_keys") {
    const allowedKeys = keysAt(root, issue.path);
    return issue.keys.map((k) => {
      const name = keyName(pathName([...issue.path, k]));
      const guess = closest(k, allowedKeys);
      const got = fmt(valueAt(input, [...issue.path, k]));
      return guess
        ? `${name} is not a known setting (got ${got}); did you mean ${keyName(pathName([...issue.path, guess]))}?`
        : `${name} is not a known setting (got ${got}); known: ${allowedKeys.join(", ")}`;
    });
  }
  const top = String(issue.path[0] ?? "");
  const name = keyName(pathName(issue.path));
  if (issue.path.length === 1 && input[top] === undefined)
    return [`${name} is required: ${requiredHint(top, name)}`];
  const message = allowed(issue);
  // a check that already names the value (`… (got x)`) is left as it is
  return [
    message.includes("(got ")
      ? `${name} ${message}`
      : `${name} ${message} (got ${fmt(valueAt(input, issue.path))})`,
  ];
}

/** A key in a namespace nobody reads: flagged with the likeliest meant key. */
export function unknownNamespace(fullKey: string, value: string, projectKeys: string[]): string {
  const colon = fullKey.indexOf(":");
  const ns = fullKey.slice(0, colon);
  const rest = fullKey.slice(colon + 1);
  const nsGuess = closest(ns, KNOWN_NAMESPACES_LIST, 2);
  let guess: string | undefined;
  if (nsGuess === PROJECT) {
    const k = closest(rest, projectKeys);
    guess = k && `${PROJECT}:${k}`;
  } else if (nsGuess) guess = `${nsGuess}:${rest}`;
  return `${fullKey} is in an unknown namespace "${ns}" (got ${fmt(value)}); known namespaces: ${KNOWN_NAMESPACES_LIST.join(", ")}${guess ? `; did you mean ${guess}?` : ""}`;
}
