/**
 * Command-line arguments before `node:util` `parseArgs` sees them. parseArgs refuses a value that
 * starts with a dash (`--count -1` is "ambiguous"), so a user who types a negative number gets a
 * message about dashes instead of the flag's range. Joining such a value to its flag
 * (`--count=-1`) lets the flag's own check say what the value may be.
 */

/** A number with a leading minus: `-1`, `-0.5`, `-.5`, `-1e3`. */
const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * `argv` with every negative number that follows a string-valued long flag joined to it
 * (`["--count", "-1"]` → `["--count=-1"]`). Everything after `--` is left alone.
 * @param stringFlags the long flags (without `--`) that take a value
 */
export function joinNegativeValues(argv: readonly string[], stringFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (
      arg.startsWith("--") &&
      !arg.includes("=") &&
      stringFlags.has(arg.slice(2)) &&
      next !== undefined &&
      NEGATIVE_NUMBER.test(next)
    ) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
