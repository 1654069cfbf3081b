import * as pulumi from "@pulumi/pulumi";

/**
 * The argument path a problem is about. Every problem a validator reports is phrased
 * "`path` …", "`path` (name): …" or "`path` (name): `field` …" (the one phrasing rule of the
 * package), so the path is read off the text: `metricFilters[0].namespace`, `emails[1]`,
 * `alarms[0].threshold`. A problem about the arguments as a whole has the path "".
 */
export function propertyPathOf(problem: string): string {
  const m = /^`([^`]+)`(?: \([^)]*\))?(?:: `([^`]+)`)?/.exec(problem);
  if (!m) return "";
  return m[2] && !m[2].includes(" ") && !m[2].includes("<") ? `${m[1]}.${m[2]}` : m[1];
}

/**
 * Raised at construction when a component's arguments are invalid. Lists every problem at once,
 * each naming the field, the bad value and the fix. It is a `pulumi.InputPropertiesError`, so
 * `pulumi preview` shows each problem under its property (`errors`: `{ propertyPath, reason }`).
 */
export class ObskitArgsError extends pulumi.InputPropertiesError {
  constructor(
    readonly component: string,
    readonly resourceName: string,
    readonly problems: string[],
  ) {
    super({
      message:
        `${component} "${resourceName}": ${problems.length} invalid argument${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
      errors: problems.map((reason) => ({ propertyPath: propertyPathOf(reason), reason })),
    });
    this.name = "ObskitArgsError";
  }
}

/** Throws {@link ObskitArgsError} when `problems` is not empty. */
export function assertValid(component: string, name: string, problems: string[]): void {
  if (problems.length > 0) throw new ObskitArgsError(component, name, problems);
}
