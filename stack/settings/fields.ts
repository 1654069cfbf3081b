import { z } from "zod";
import { escapeText, unsafeCharacters } from "../../components/names";

/*
 * The shapes a stack config value may have, as zod schemas. Every check says only what is allowed
 * ("must be …"): the key and the value it got are added in one place (`describeIssue` in
 * `problems.ts`), so no message can lack them. A rule a component enforces on the value it is
 * given (a retention AWS offers, a CPU size Fargate has) is not repeated here: the component
 * reports it at construction, naming its argument.
 */

/** YAML's spellings of the non-finite numbers, as the stack-file reader hands them over. */
const NON_FINITE = /^[-+]?\.(nan|inf)$/i;

/** A config value as a person typed it: numbers bare, text quoted. */
export function fmt(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number" && !Number.isFinite(v))
    return Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf";
  if (typeof v === "string" && (NON_FINITE.test(v) || v === "true" || v === "false")) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return v;
  if (typeof v === "string") return escapeText(v);
  return JSON.stringify(v);
}

/** A finite number, typed or as text (`"7"`); `what` says which numbers, e.g. "a whole number ≥ 1". */
export const number = (what = "a number") =>
  z.unknown().transform((v, ctx) => {
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `must be ${what}` });
      return z.NEVER;
    }
    return n;
  });
/** A number that `ok` accepts; `what` says which, e.g. "a whole number from 1 to 900". */
export const numberWhere = (what: string, ok: (n: number) => boolean) =>
  number(what).refine(ok, { error: `must be ${what}` });
export const whole = (min: number, max = Infinity) =>
  numberWhere(
    max === Infinity ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`,
    (n) => Number.isInteger(n) && n >= min && n <= max,
  );
export const nonNegative = numberWhere("a number ≥ 0", (n) => n >= 0);
export const positiveInt = whole(1);
/**
 * A number handed to a component that checks which numbers it takes (typed as the component's
 * argument, e.g. `RetentionDays`): only its shape is checked here.
 */
export const numberFor = <T extends number = number>() => number().transform((n) => n as T);

export const boolean = z.unknown().transform((v, ctx) => {
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  ctx.addIssue({ code: "custom", message: "must be true or false" });
  return z.NEVER;
});
export const oneOf = <T extends readonly (string | number)[]>(values: T, numeric = false) =>
  z.unknown().transform((v, ctx) => {
    const candidate = numeric && typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (!(values as readonly unknown[]).includes(candidate)) {
      ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")}` });
      return z.NEVER;
    }
    return candidate as T[number];
  });

/** Why `v` holds characters no AWS name allows, as a settings message, or undefined. */
function unsafeText(v: string): string | undefined {
  const found = unsafeCharacters(v);
  if (found.length === 0) return undefined;
  const first = found[0];
  const code = `U+${first.codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  return `must not contain control or invisible characters (${code}, ${first.kind}, at position ${first.index}${found.length > 1 ? `, and ${found.length - 1} more` : ""}): retype it without them (got ${escapeText(v)})`;
}

/**
 * Text a user gives as a name or label (an API name, a tag, a key prefix): no control or invisible
 * characters, which AWS's APIs reject or show as something else.
 */
export const text = (what = "text") =>
  z.unknown().transform((v, ctx) => {
    if (typeof v !== "string") {
      ctx.addIssue({ code: "custom", message: `must be ${what}` });
      return z.NEVER;
    }
    const unsafe = unsafeText(v);
    if (unsafe) {
      ctx.addIssue({ code: "custom", message: unsafe });
      return z.NEVER;
    }
    return v;
  });
/** Text handed to a component that checks its value (typed as the component's argument). */
export const textFor = <T extends string = string>(what = "text") => text(what).transform((s) => s as T);

/** Text that `re` accepts; `what` says what it is, e.g. "a DMS replication task identifier". */
export const matching = (re: RegExp, what: string) =>
  z.unknown().refine((v): v is string => typeof v === "string" && re.test(v), {
    error: `must be ${what}`,
  });

/** AWS tags: names 1–128 characters not starting with `aws:`, values text of at most 256, no control characters. */
export const tags = z.unknown().transform((v, ctx) => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    ctx.addIssue({ code: "custom", message: "must be a map of tag names to text values" });
    return z.NEVER;
  }
  for (const [k, value] of Object.entries(v)) {
    const unsafe = unsafeText(k) ?? (typeof value === "string" ? unsafeText(value) : undefined);
    if (k.length < 1 || k.length > 128 || k.toLowerCase().startsWith("aws:"))
      ctx.addIssue({
        code: "custom",
        path: [k],
        message: "must have a tag name of 1 to 128 characters that does not start with aws:",
      });
    else if (typeof value !== "string")
      ctx.addIssue({
        code: "custom",
        path: [k],
        message: "must be text (tag values are strings: quote numbers and booleans in YAML)",
      });
    else if (value.length > 256)
      ctx.addIssue({ code: "custom", path: [k], message: "must be text of at most 256 characters" });
    else if (unsafe) ctx.addIssue({ code: "custom", path: [k], message: unsafe });
  }
  return v as Record<string, string>;
});

/**
 * An alarm's threshold map. The threshold is the program's own rule (a count or a latency, never
 * negative); the period and the evaluation and datapoint counts go to the AlertingPath, which
 * checks them and defaults them (ALARM_DEFAULTS).
 */
export const alarmThreshold = z.strictObject(
  {
    threshold: nonNegative,
    periodSeconds: numberFor().optional(),
    evaluationPeriods: numberFor().optional(),
    datapointsToAlarm: numberFor().optional(),
  },
  {
    error: (i) => (i.code === "unrecognized_keys" ? undefined : "must be a map with a threshold"),
  },
);
export type AlarmThreshold = z.output<typeof alarmThreshold>;
