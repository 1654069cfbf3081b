/**
 * Reading the descriptions components publish (`obskitModel`, see `components/modelDescription.ts`):
 * one zod schema, the source of `schema/obskit-model.schema.json` (`npm run schema:model`), that
 * checks every description a plan carries. A description of another schema or version is refused,
 * not half-read.
 */
import { z } from "zod";
import {
  MODEL_DESCRIPTION_OUTPUT,
  MODEL_DESCRIPTION_SCHEMA,
  MODEL_DESCRIPTION_VERSION,
} from "../components/modelDescription";

const samples = z.object({
  match: z.array(z.string()).describe("Lines the filter pattern must match."),
  noMatch: z.array(z.string()).describe("Lines the filter pattern must not match."),
});

/** The schema of a component's model description, version 1. */
export const modelDescriptionSchema = z
  .object({
    schema: z.literal(MODEL_DESCRIPTION_SCHEMA),
    version: z.literal(MODEL_DESCRIPTION_VERSION),
    filters: z
      .array(
        z.object({
          urn: z.string().describe("The LogMetricFilter's URN."),
          samples,
        }),
      )
      .optional()
      .describe("Metric filters and the lines each was checked with at construction."),
    functions: z
      .array(
        z.object({
          urn: z.string().describe("The Lambda function's URN."),
          handler: z.string().describe("The type token of the component whose handler the function runs."),
        }),
      )
      .optional()
      .describe("Functions and the handler code each one runs."),
  })
  .strict()
  .describe(
    "What an obskit component publishes, as its registered output `obskitModel`, for tools reading a plan.",
  );

/** A description as read: resolved URNs, lists present. */
export interface ReadDescription {
  filters: { urn: string; samples: { match: string[]; noMatch: string[] } }[];
  functions: { urn: string; handler: string }[];
}

/** A description that does not follow the schema. */
export class ModelDescriptionError extends Error {
  constructor(
    readonly urn: string,
    readonly problems: string[],
  ) {
    super(`the model description of ${urn} is not an obskit:model v1 description: ${problems.join("; ")}`);
    this.name = "ModelDescriptionError";
  }
}

/**
 * The description a component registered (its `obskitModel` output), or undefined when it has none.
 * Throws `ModelDescriptionError` when it does not follow the schema.
 */
export function readDescription(
  urn: string,
  outputs: Record<string, unknown> | undefined,
): ReadDescription | undefined {
  const raw = outputs?.[MODEL_DESCRIPTION_OUTPUT];
  if (raw === undefined) return undefined;
  const parsed = modelDescriptionSchema.safeParse(raw);
  if (!parsed.success)
    throw new ModelDescriptionError(
      urn,
      parsed.error.issues.map((i) => `${i.path.join(".") || "(description)"}: ${i.message}`),
    );
  return { filters: parsed.data.filters ?? [], functions: parsed.data.functions ?? [] };
}

/** The JSON schema of a model description, as `schema/obskit-model.schema.json` holds it. */
export function modelDescriptionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(modelDescriptionSchema, { target: "draft-7" }) as Record<string, unknown>;
}
