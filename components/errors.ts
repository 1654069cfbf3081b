/**
 * Raised at construction when a component's arguments are invalid. Lists every problem at once,
 * each naming the field, the bad value and the fix.
 */
export class ObskitArgsError extends Error {
  constructor(
    readonly component: string,
    readonly resourceName: string,
    readonly problems: string[],
  ) {
    super(
      `${component} "${resourceName}": ${problems.length} invalid argument${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ObskitArgsError";
  }
}

/** Throws {@link ObskitArgsError} when `problems` is not empty. */
export function assertValid(component: string, name: string, problems: string[]): void {
  if (problems.length > 0) throw new ObskitArgsError(component, name, problems);
}
