/** Validation of enum fields: whether a value is one of the allowed ones, and the problem when not. */

import { problem, type ArgumentProblem } from "../errors";

/** The allowed values of an enum field: an enum object (`{ Member: "value" }`) or a list. */
export type AllowedValues = Readonly<Record<string, string>> | readonly (string | number)[];

const valuesOf = (allowed: AllowedValues): readonly (string | number)[] =>
  Array.isArray(allowed) ? (allowed as readonly (string | number)[]) : Object.values(allowed);

/** Whether `value` is one of `allowed` (an enum object's values, or a list). */
export function isOneOf(allowed: AllowedValues, value: unknown): boolean {
  return (valuesOf(allowed) as readonly unknown[]).includes(value);
}

/**
 * The problem of an enum field at `propertyPath`: none when `value` is one of `allowed` (or unset,
 * unless `required`), else "must be one of a, b, c", with the fix "use one of a, b, c".
 */
export function oneOfProblems(
  propertyPath: string,
  value: unknown,
  allowed: AllowedValues,
  required = false,
): ArgumentProblem[] {
  if ((value === undefined && !required) || isOneOf(allowed, value)) return [];
  const list = valuesOf(allowed).join(", ");
  return [
    problem(
      propertyPath,
      value,
      value === undefined ? `is required and must be one of ${list}` : `must be one of ${list}`,
      `use one of ${list}`,
    ),
  ];
}
