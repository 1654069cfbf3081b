// @ts-check
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

/** Where `components/` ends: the package imports nothing from the program, CLI, policy pack or benchmarks. */
const OUTSIDE_PACKAGE = String.raw`(^|/)\.\./(apps|stack|cli|policy|bench)(/|$)`;
const OUTSIDE_PACKAGE_MESSAGE =
  "components/ is the published package: it must not import the program (apps/, stack/), the CLI, the policy pack or the benchmarks. Move what both need into components/, or pass it in as an argument.";
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
const SNIPPET_MESSAGE =
  'A docs snippet imports the package as a user would: from "@obskit/components", never a relative path.';
const HANDLER_MESSAGE =
  "A handler ships alone in its Lambda bundle: import only files of its own folder (contract.ts holds what it shares with the infrastructure), never the component or Pulumi.";

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
      "docs/snippets/**/*.ts",
    ],
    ignores: ["components/**/handler/**", "apps/*/src/**"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: { "@pulumi/no-output-in-template-literal": "error" },
  },
  {
    files: ["components/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: OUTSIDE_PACKAGE, message: OUTSIDE_PACKAGE_MESSAGE }] },
      ],
      "no-restricted-syntax": ["error", ...dynamicImports(OUTSIDE_PACKAGE, OUTSIDE_PACKAGE_MESSAGE)],
    },
  },
  {
    // Runtime code a component deploys: bundled on its own, so it must not reach the infrastructure.
    files: ["components/**/handler/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: String.raw`^\.\./`, message: HANDLER_MESSAGE },
            { group: ["@pulumi/*"], message: HANDLER_MESSAGE },
          ],
        },
      ],
      "no-restricted-syntax": ["error", ...dynamicImports(String.raw`^\.\./`, HANDLER_MESSAGE)],
    },
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
