/** Validation of enum fields: whether a value is one of the allowed ones, and the problem when not. */

/** The allowed values of an enum field: an enum object (`{ Member: "value" }`) or a list. */
export type AllowedValues = Readonly<Record<string, string>> | readonly (string | number)[];

const valuesOf = (allowed: AllowedValues): readonly (string | number)[] =>
  Array.isArray(allowed) ? (allowed as readonly (string | number)[]) : Object.values(allowed);

/** Whether `value` is one of `allowed` (an enum object's values, or a list). */
export function isOneOf(allowed: AllowedValues, value: unknown): boolean {
  return (valuesOf(allowed) as readonly unknown[]).includes(value);
}

/**
 * The problem of an enum field: none when `value` is one of `allowed` (or unset, unless
 * `required`), else "`subject` must be one of a, b, c (got "x")."
 */
export function oneOfProblems(
  subject: string,
  value: unknown,
  allowed: AllowedValues,
  required = false,
): string[] {
  if ((value === undefined && !required) || isOneOf(allowed, value)) return [];
  return [`${subject} must be one of ${valuesOf(allowed).join(", ")} (got ${JSON.stringify(value)}).`];
}
