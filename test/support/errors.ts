import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { formatProblem, type ObskitProblem } from "../../components/errors";

/** Runs `fn` and returns the error it throws (fails the test when it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error, none was thrown");
}

/** Awaits `promise` and returns the error it rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/**
 * The problems of an `ObskitArgsError`, checked for shape: an `InputPropertiesError` whose every
 * problem names its component and resource, has a path, a reason and a fix, and is listed in the
 * message as the formatter writes it.
 */
export function problemsIn(err: Error, component?: string, name?: string): readonly ObskitProblem[] {
  expect(err.name, err.message).to.equal("ObskitArgsError");
  expect(pulumi.InputPropertiesError.isInstance(err), "an InputPropertiesError").to.equal(true);
  const problems = (err as Error & { problems: readonly ObskitProblem[] }).problems;
  expect(problems, "problems").to.be.an("array");
  expect(problems.length, "number of problems").to.be.greaterThan(0);
  for (const p of problems) {
    expect(p.component, "component").to.be.a("string").and.not.equal("");
    expect(p.name, "name").to.be.a("string").and.not.equal("");
    if (component !== undefined) expect(p.component).to.equal(component);
    if (name !== undefined) expect(p.name).to.equal(name);
    expect(p.propertyPath, "propertyPath").to.be.a("string");
    expect(p.reason, "reason").to.be.a("string").and.not.equal("");
    expect(p.fix, "fix").to.be.a("string").and.not.equal("");
    expect(err.message).to.contain(`  - ${formatProblem(p)}`);
  }
  return problems;
}

/** The problems `fn` throws (see {@link problemsIn}). */
export function problemsThrown(
  fn: () => unknown,
  component?: string,
  name?: string,
): readonly ObskitProblem[] {
  return problemsIn(thrown(fn), component, name);
}

/** What a test expects of one problem: its path and, when given, its value. */
export type ExpectedProblem = { propertyPath: string; value?: unknown };

/**
 * Asserts `actual` are exactly the expected problems, in order: each one's path, and its value
 * where the expectation gives one (`value` key present, even when `undefined`).
 */
export function expectProblems(
  actual: readonly { propertyPath: string; value: unknown }[],
  expected: readonly ExpectedProblem[],
): void {
  expect(actual.map((p) => p.propertyPath)).to.deep.equal(expected.map((e) => e.propertyPath));
  expected.forEach((e, i) => {
    if ("value" in e) expect(actual[i].value, `value of ${e.propertyPath}`).to.deep.equal(e.value);
  });
}

/** The one problem at `propertyPath` (fails unless exactly one is there). */
export function problemAt<P extends { propertyPath: string }>(
  problems: readonly P[],
  propertyPath: string,
): P {
  const found = problems.filter((p) => p.propertyPath === propertyPath);
  expect(
    found.map((p) => p.propertyPath),
    `problems at ${propertyPath}`,
  ).to.deep.equal([propertyPath]);
  return found[0];
}
