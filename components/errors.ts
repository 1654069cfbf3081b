import * as pulumi from "@pulumi/pulumi";

/**
 * One problem with an argument, as a validator reports it: where it is, the value found there,
 * what is wrong and what to do. Validators (`validateLogPipelineArgs`, …) return these; the
 * component adds its own type and name when it throws ({@link ObskitProblem}).
 */
export interface ArgumentProblem {
  /**
   * The argument path, in the form `pulumi preview` shows: `metricFilters[0].namespace`,
   * `emails[1]`, `archive.transitionDays`. `""` for a problem about the arguments as a whole.
   */
  readonly propertyPath: string;
  /** The value found at `propertyPath` (`undefined` when it is missing). */
  readonly value: unknown;
  /** What is wrong, phrased to follow the path: "must be one of 1, 3, 5", "is required". */
  readonly reason: string;
  /** What to do about it: "use one of 1, 3, 5", "add a sample at 2001 the pattern matches". */
  readonly fix: string;
}

/** One construction problem of a component: which component, which resource, and the argument problem. */
export interface ObskitProblem extends ArgumentProblem {
  /** The component's type name: `LogPipeline`, `AlertingPath`, … */
  readonly component: string;
  /** The resource name the component was constructed with. */
  readonly name: string;
}

/** Builds an {@link ArgumentProblem}. */
export function problem(propertyPath: string, value: unknown, reason: string, fix: string): ArgumentProblem {
  return { propertyPath, value, reason, fix };
}

/** `a.b`, `a[0]`, or either side alone when the other is empty. */
export function joinPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** The problems of a nested value, their paths under `prefix` (`within("archive", …)`). */
export function within(prefix: string, problems: readonly ArgumentProblem[]): ArgumentProblem[] {
  return problems.map((p) => ({ ...p, propertyPath: joinPath(prefix, p.propertyPath) }));
}

/** A value as a problem's text shows it: JSON where it has one, else its string form (NaN, Infinity). */
export function describeValue(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value === undefined) return "nothing";
  if (typeof value === "function" || typeof value === "symbol") return String(value);
  try {
    const json = JSON.stringify(value);
    const text = json === undefined ? String(value) : json;
    return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * The one text of a problem, made from its fields: "`path` reason (got value): fix." The value is
 * left out when it is `undefined` (a missing field says so in its reason).
 */
export function formatProblem(p: ArgumentProblem): string {
  return p.propertyPath === "" ? formatReason(p) : `\`${p.propertyPath}\` ${formatReason(p)}`;
}

/** A problem's text without its path, as `pulumi preview` shows it under the property: "reason (got value): fix." */
export function formatReason(p: ArgumentProblem): string {
  const got = p.value === undefined ? "" : ` (got ${describeValue(p.value)})`;
  return `${p.reason}${got}: ${p.fix.replace(/\.$/, "")}.`;
}

/**
 * A problem's value as JSON can carry it: numbers that JSON has no form for (NaN, ±Infinity) and
 * other non-JSON values become their text, so `obskit plan --json` prints the value the user gave.
 */
export function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol")
    return String(value);
  try {
    return JSON.parse(JSON.stringify(value, (_k, v: unknown) => jsonReplacer(v))) as unknown;
  } catch {
    return String(value);
  }
}

function jsonReplacer(v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (typeof v === "bigint") return String(v);
  return v;
}

/**
 * Raised at construction when a component's arguments are invalid. Lists every problem at once
 * as data (`problems`: component, name, propertyPath, value, reason, fix); its message is made
 * from them by {@link formatProblem}. It is a `pulumi.InputPropertiesError`, so `pulumi preview`
 * shows each problem under its property (`errors`: `{ propertyPath, reason }`).
 */
export class ObskitArgsError extends pulumi.InputPropertiesError {
  /** Every problem, in the order the validator found them. */
  readonly problems: readonly ObskitProblem[];

  constructor(
    readonly component: string,
    readonly resourceName: string,
    problems: readonly ArgumentProblem[],
  ) {
    const all = problems.map((p): ObskitProblem => ({ component, name: resourceName, ...p }));
    super({
      message:
        `${component} "${resourceName}": ${all.length} invalid argument${all.length === 1 ? "" : "s"}:\n` +
        all.map((p) => `  - ${formatProblem(p)}`).join("\n"),
      errors: all.map((p) => ({ propertyPath: p.propertyPath, reason: formatReason(p) })),
    });
    this.problems = all;
    this.name = "ObskitArgsError";
  }
}

/**
 * The problems an error carries, when it is an {@link ObskitArgsError} (compared by name, not
 * `instanceof`, so it works across bundles); `undefined` otherwise.
 */
export function problemsOf(error: unknown): readonly ObskitProblem[] | undefined {
  if (!(error instanceof Error) || error.name !== "ObskitArgsError") return undefined;
  const problems = (error as { problems?: unknown }).problems;
  return Array.isArray(problems) ? (problems as ObskitProblem[]) : undefined;
}

/** Throws {@link ObskitArgsError} when `problems` is not empty. */
export function assertValid(component: string, name: string, problems: readonly ArgumentProblem[]): void {
  if (problems.length > 0) throw new ObskitArgsError(component, name, problems);
}
