// @ts-check
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

// Which folder may import which is checked by dependency-cruiser (.dependency-cruiser.cjs, `npm run deps`).
// Docs snippets are not part of that graph: what a user writes imports the package's public entry only.
const SNIPPET_MESSAGE =
  'A docs snippet imports the package as a user would: from "@obskit/components", never a relative path.';
/**
 * Dynamic `import()` and `import("…")` types, which no-restricted-imports does not see (selector
 * regexes cannot contain `/`, hence `\x2F`).
 */
const dynamicImports = (pattern, message) => {
  const regex = pattern.replaceAll("/", String.raw`\x2F`);
  return [
    { selector: `ImportExpression[source.value=/${regex}/]`, message },
    { selector: `TSImportType[argument.literal.value=/${regex}/]`, message },
  ];
};
export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "bench/.work/**", ".tmp/**", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The one rule that needs type information (is this value a pulumi Output?) runs only on the
    // code that declares resources; tests, benchmarks and the CLI are linted without the type
    // checker, which is most of lint's time (tsc itself still checks every file).
    files: [
      "index.ts",
      "components/**/*.ts",
      "apps/**/*.ts",
      "stack/**/*.ts",
      "policy/**/*.ts",
      "examples/**/*.ts",
    ],
    ignores: ["components/**/handler/**", "apps/*/src/**"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: { "@pulumi/no-output-in-template-literal": "error" },
  },
  {
    // The guides' snippets are what a user writes: only the package's public entry.
    files: ["docs/snippets/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: String.raw`^\.`, message: SNIPPET_MESSAGE }] },
      ],
      "no-restricted-syntax": ["error", ...dynamicImports(String.raw`^\.`, SNIPPET_MESSAGE)],
    },
  },
);
