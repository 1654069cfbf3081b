import type * as pulumi from "@pulumi/pulumi";

/**
 * What a component tells the tools that read a plan, beyond the inputs of its resources: the
 * samples each metric filter was checked with (so `obskit verify` can put the same lines to
 * CloudWatch Logs' TestMetricFilter, and the replay can check them), and which handler code each
 * function runs (so the replay runs the real handler). Published as one registered output,
 * {@link MODEL_DESCRIPTION_OUTPUT}, versioned; its JSON schema is `schema/obskit-model.schema.json`.
 * Resources are named by URN, never guessed from names or types.
 */
export interface ModelDescription {
  /** Always `"obskit:model"`. */
  schema: typeof MODEL_DESCRIPTION_SCHEMA;
  /** The description's version; readers reject versions they do not know. */
  version: typeof MODEL_DESCRIPTION_VERSION;
  /** The metric filters the component declares with samples. @default [] */
  filters?: FilterDescription[];
  /** The functions the component declares, with the handler each one runs. @default [] */
  functions?: FunctionDescription[];
}

/** A metric filter and the lines it was checked with at construction. */
export interface FilterDescription {
  /** The `LogMetricFilter`'s URN. */
  urn: pulumi.Input<string>;
  /** Lines the pattern must match and must not match. */
  samples: { match: string[]; noMatch: string[] };
}

/** A function and the handler code it runs. */
export interface FunctionDescription {
  /** The `aws.lambda.Function`'s URN. */
  urn: pulumi.Input<string>;
  /** The type token of the component whose handler the function runs, e.g. `obskit:index:ProcessingPath`. */
  handler: string;
}

/** The registered output a component publishes its {@link ModelDescription} under. */
export const MODEL_DESCRIPTION_OUTPUT = "obskitModel";
/** The `schema` of a {@link ModelDescription}. */
export const MODEL_DESCRIPTION_SCHEMA = "obskit:model";
/** The version of {@link ModelDescription} this package writes. */
export const MODEL_DESCRIPTION_VERSION = 1;

/** A {@link ModelDescription} of these parts, as a registered output entry. */
export function describeModel(parts: Omit<ModelDescription, "schema" | "version">): {
  [MODEL_DESCRIPTION_OUTPUT]: ModelDescription;
} {
  return {
    [MODEL_DESCRIPTION_OUTPUT]: {
      schema: MODEL_DESCRIPTION_SCHEMA,
      version: MODEL_DESCRIPTION_VERSION,
      ...parts,
    },
  };
}
