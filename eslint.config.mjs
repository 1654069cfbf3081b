// @ts-check
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

// Which folder may import which is checked by dependency-cruiser (.dependency-cruiser.cjs, `npm run deps`).
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
);
