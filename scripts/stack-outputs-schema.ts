/**
 * Writes `schema/stack-outputs.schema.json` from the zod schema of the stack outputs
 * (`stack/outputs.ts`): `npm run schema:outputs`. `test/stack/outputs.test.ts` fails while the
 * checked-in file differs from what this writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { stackOutputsJsonSchema } from "../stack/outputs";

export const STACK_OUTPUTS_SCHEMA_FILE = path.resolve(__dirname, "..", "schema", "stack-outputs.schema.json");

/** The file's text: the generated schema, formatted as `npm run format` would. */
export async function stackOutputsSchemaText(): Promise<string> {
  const options = (await prettier.resolveConfig(STACK_OUTPUTS_SCHEMA_FILE)) ?? {};
  return prettier.format(JSON.stringify(stackOutputsJsonSchema()), { ...options, parser: "json" });
}

if (require.main === module) {
  void stackOutputsSchemaText().then((text) => {
    fs.mkdirSync(path.dirname(STACK_OUTPUTS_SCHEMA_FILE), { recursive: true });
    fs.writeFileSync(STACK_OUTPUTS_SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), STACK_OUTPUTS_SCHEMA_FILE)}`);
  });
}
