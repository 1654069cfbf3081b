/**
 * What an offline run of a Pulumi program recorded: every resource it declared (URN, type, name,
 * parent, resolved inputs, options, the state the mocks answered with, a component's registered
 * outputs) and the stack outputs. The stack model is read from this; the mock runtime produces it.
 */

export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  /** URN of the parent resource (the stack for top-level ones). */
  parent?: string;
  /** Inputs with every Output resolved to its value. */
  inputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  /** Explicit `dependsOn` URNs. */
  dependencies: string[];
  /** Properties whose changes are ignored after creation (`ignoreChanges`). */
  ignoreChanges: string[];
  /**
   * The `aliases` the resource declared, as the engine receives them: a URN, or a spec whose empty
   * fields mean "as the resource" (its name, type, stack, project; its parent unless `noParent`).
   */
  aliases: AliasRecord[];
  custom: boolean;
  /** The state the mock answered with (inputs plus synthesized ids/ARNs). */
  state: Record<string, unknown>;
  /** What a component registered with `registerOutputs` (plain values; absent for custom resources). */
  outputs?: Record<string, unknown>;
}

/** One declared alias: either an old URN, or the parts that differ from the resource's own. */
export interface AliasRecord {
  urn?: string;
  name?: string;
  type?: string;
  stack?: string;
  project?: string;
  /** The old parent's URN (as this runtime names it); absent with `noParent` or when unchanged. */
  parent?: string;
  noParent?: boolean;
}

export interface MockedCall {
  token: string;
  inputs: Record<string, unknown>;
  result: Record<string, unknown>;
}

export interface MockRun {
  project: string;
  stack: string;
  resources: PlannedResource[];
  outputs: Record<string, unknown>;
  calls: MockedCall[];
}
