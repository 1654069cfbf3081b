import { readStack, type StackModel } from "../../model";
import type { PlannedResource } from "../../model/run";

/** A resource of a hand-made plan: what the readers look at. */
export interface FixtureResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** @default {} */
  state?: Record<string, unknown>;
  /** @default true, except for component types (`obskit:`, `awsx:`) */
  custom?: boolean;
  /** @default undefined */
  outputs?: Record<string, unknown>;
  /** @default the stack */
  parent?: string;
}

/** The URN a fixture resource gets in `stackOf`. */
export const fixtureUrn = (type: string, name: string): string => `urn:pulumi:test::test::${type}::${name}`;

/** The stack model of a hand-made plan, read as `obskit plan`'s would be. */
export function stackOf(
  resources: readonly FixtureResource[],
  outputs: Record<string, unknown> = {},
): StackModel {
  const planned: PlannedResource[] = resources.map((r) => ({
    urn: fixtureUrn(r.type, r.name),
    type: r.type,
    name: r.name,
    ...(r.parent === undefined ? {} : { parent: r.parent }),
    inputs: r.inputs,
    protect: false,
    retainOnDelete: false,
    dependencies: [],
    ignoreChanges: [],
    aliases: [],
    custom: r.custom ?? !/^(obskit|awsx):/.test(r.type),
    state: r.state ?? {},
    ...(r.outputs === undefined ? {} : { outputs: r.outputs }),
  }));
  return readStack({ project: "test", stack: "test", resources: planned, outputs, calls: [] });
}
