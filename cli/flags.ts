/**
 * Flags of every `obskit` command: parsed by `node:util` `parseArgs`, checked here so that each
 * mistake gets one line naming the flag, what was given and what to give instead (a
 * {@link UsageError}, exit code 2). Negative numbers are values, not flags: `--count -1` reaches
 * the flag's range check instead of parseArgs' "argument is ambiguous".
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./command";

/** The options of one command, as `parseArgs` takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** What `parseArgs` returns in strict mode for these options. */
export type FlagValues<O extends FlagOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>["values"];

/** A number with a leading minus (`-1`, `-0.5`, `-1e3`): a value even where a flag could stand. */
const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The known flag closest to `name`, when it is close enough to be a typo. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 4)) ? best : undefined;
}

/**
 * Parses `argv` for `command` (e.g. `"analyze"`): the flags' values, and the positional arguments
 * when `positionals` allows them. Throws a {@link UsageError} for an unknown flag (with the nearest
 * known one), a flag without its value, a value given to a switch, or an unexpected argument.
 */
export function parseFlags<const O extends FlagOptions>(
  command: string,
  argv: readonly string[],
  options: O,
  settings: {
    /** What the positional arguments are (e.g. "the pattern"); without it none is allowed. @default undefined */
    positionals?: string;
  } = {},
): { values: FlagValues<O>; positionals: string[] } {
  const help = `obskit ${command} --help lists the flags`;
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const longNames = Object.keys(options);
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) {
      if (NEGATIVE_NUMBER.test(`-${token.name}`) || /^\d/.test(token.name))
        throw new UsageError(
          `unexpected ${JSON.stringify(argv[token.index])}: a negative number goes right after its flag (--flag -1); ${help}`,
        );
      const near = token.rawName.startsWith("--") ? closest(token.name, longNames) : undefined;
      const startsWithDash =
        settings.positionals !== undefined && !token.rawName.startsWith("--")
          ? `; for ${settings.positionals} starting with "-", put -- before it`
          : "";
      const raw = argv[token.index];
      const shown =
        token.rawName.startsWith("--") || raw === token.rawName
          ? token.rawName
          : `${token.rawName} (in ${raw})`;
      throw new UsageError(
        `unknown flag ${shown}${near ? ` (did you mean --${near}?)` : ""}${startsWithDash}; ${help}`,
      );
    }
    const flag = token.rawName;
    if (spec.type === "boolean") {
      if (token.value !== undefined)
        throw new UsageError(`${flag} takes no value (got ${flag}=${token.value}); give ${flag} alone`);
      continue;
    }
    if (token.value === undefined) throw new UsageError(`${flag} needs a value (${flag} <value>); ${help}`);
    if (
      !token.inlineValue &&
      token.value.startsWith("-") &&
      token.value !== "-" &&
      !NEGATIVE_NUMBER.test(token.value)
    )
      throw new UsageError(
        `${flag} needs a value, but ${token.value} follows it; give ${flag} <value> (or ${flag}=${token.value} if that is the value)`,
      );
  }
  if (settings.positionals === undefined && positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; ${help}`);
  return { values: values as FlagValues<O>, positionals };
}

/** The range a numeric flag accepts. */
export interface NumberRange {
  /** The smallest value allowed (or the bound it must be above, with `aboveMin`). */
  min: number;
  /** The largest value allowed. */
  max: number;
  /** `min` itself is not allowed (a rate above 0). @default false */
  aboveMin?: boolean;
  /** Whole numbers only (`1e6` is one). @default false */
  integer?: boolean;
  /** What the number counts, after the range in the message ("events per second"). @default "" */
  unit?: string;
}

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A bound as a user reads it: 100,000 rather than 1e5. */
function shown(n: number): string {
  return Math.abs(n) >= 10_000 ? n.toLocaleString("en-US", { maximumFractionDigits: 6 }) : String(n);
}

/** "a whole number from 1 to 100,000", "a number above 0 and at most 10 events per second". */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? "a whole number" : "a number";
  const span = range.aboveMin
    ? `above ${shown(range.min)} and at most ${shown(range.max)}`
    : `from ${shown(range.min)} to ${shown(range.max)}`;
  return `${kind} ${span}${range.unit ? ` ${range.unit}` : ""}`;
}

/**
 * The value of a numeric flag, in `range`; a {@link UsageError} stating the range otherwise
 * (`--count must be a whole number from 1 to 100,000 (got "abc")`). Decimal notation only (`1e6`
 * included): `0x10`, `Infinity` and blanks are refused, as nobody means them as a count.
 */
export function numberFlag(flag: string, raw: string, range: NumberRange): number {
  const n = Number(raw);
  const ok =
    DECIMAL.test(raw) &&
    Number.isFinite(n) &&
    (!range.integer || Number.isInteger(n)) &&
    (range.aboveMin ? n > range.min : n >= range.min) &&
    n <= range.max;
  if (!ok) throw new UsageError(`--${flag} must be ${describeRange(range)} (got ${JSON.stringify(raw)})`);
  return n;
}
