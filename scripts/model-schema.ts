/**
 * Writes `schema/obskit-model.schema.json` from the zod schema of a component's model description
 * (`model/description.ts`): `npm run schema:model`. `test/model/description.test.ts` fails while the
 * checked-in file differs from what this writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { modelDescriptionJsonSchema } from "../model/description";

export const MODEL_SCHEMA_FILE = path.resolve(__dirname, "..", "schema", "obskit-model.schema.json");

/** The file's text: the generated schema, formatted as `npm run format` would. */
export async function modelSchemaText(): Promise<string> {
  const options = (await prettier.resolveConfig(MODEL_SCHEMA_FILE)) ?? {};
  return prettier.format(JSON.stringify(modelDescriptionJsonSchema()), { ...options, parser: "json" });
}

if (require.main === module) {
  void modelSchemaText().then((text) => {
    fs.writeFileSync(MODEL_SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), MODEL_SCHEMA_FILE)}`);
  });
}
