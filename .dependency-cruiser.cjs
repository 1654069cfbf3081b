// @ts-check
/**
 * Which folder may import which (`npm run deps`, part of `npm test`). Dependencies point one way,
 * from the CLI down to the package:
 *
 *   components/  ←  model/  ←  engines/  ←  policy/
 *        ↑
 *      apps/  ←  stack/  ←  index.ts
 *   cli/ imports everything; test/, bench/, scripts/, examples/ too.
 *
 * Type-only imports count: a type a layer needs belongs in that layer or below it.
 */

/** A folder whose imports of this repository's files stay within `allowed` (packages and Node built-ins are not limited). */
function layer(name, from, allowed, comment) {
  return {
    name,
    severity: "error",
    comment,
    from: { path: from },
    to: { dependencyTypes: ["local"], pathNot: allowed },
  };
}

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Import cycles make load order matter and hide which module owns what: move what both sides need into a module both import.",
      from: {},
      to: { circular: true },
    },
    layer(
      "components-stand-alone",
      "^components/",
      "^components/",
      "components/ is the published package: it must not import the program (apps/, stack/), the model, the engines, the CLI, the policy pack or the benchmarks. Move what both need into components/, or pass it in as an argument.",
    ),
    layer(
      "model-reads-components-only",
      "^model/",
      "^(model|components)/",
      "model/ describes the planned stack for every reader: it may import components/ only.",
    ),
    layer(
      "engines-below-the-cli",
      "^engines/",
      "^(engines|model|components)/",
      "engines/ (alarm evaluation, dashboard preview) may import components/ and model/, never the program, the CLI or the policy pack.",
    ),
    layer(
      "apps-on-components",
      "^apps/",
      "^(apps|components)/",
      "apps/ (the workloads and their infrastructure) build on components/ only.",
    ),
    layer(
      "stack-composes-apps-and-components",
      "^stack/",
      "^(stack|apps|components)/",
      "stack/ composes components/ and apps/: it must not import the CLI, the policy pack, the model or the engines.",
    ),
    layer(
      "policy-below-the-cli",
      "^policy/",
      "^(policy|engines|model|components)/",
      "policy/ runs inside `pulumi preview` as well as offline: it may import components/, model/ and engines/, never cli/ or stack/ (what a rule needs of the stack reaches it as plain settings, policy/types.ts).",
    ),
    layer("program-entry", "^index\\.ts$", "^stack/", "index.ts runs stack/: nothing else."),
    layer(
      "plugin-on-the-package",
      "^plugin/",
      "^(plugin|components)/",
      "plugin/ re-exports the package only.",
    ),
    {
      name: "handler-alone",
      severity: "error",
      comment:
        "A handler ships alone in its Lambda bundle: import only files of its own folder (contract.ts holds what it shares with the infrastructure), never the component.",
      from: { path: "^(components/[^/]+/handler)/" },
      to: { dependencyTypes: ["local"], pathNot: "^$1/" },
    },
    {
      name: "handler-without-pulumi",
      severity: "error",
      comment: "A handler runs in Lambda, not in `pulumi up`: it must not import Pulumi.",
      from: { path: "^components/[^/]+/handler/" },
      to: { path: "(^|/)node_modules/@pulumi/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve cannot be checked by the rules above (nor run).",
      // the CDK comparison is installed by the benchmark itself; the plugin resolves the package by its name
      from: { pathNot: "^(bench/cdk-app\\.js|plugin/)" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    exclude: { path: "^(dist|\\.tmp|bench/\\.work)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["require", "node", "default", "types"],
      mainFields: ["main", "types"],
    },
    cache: { folder: "node_modules/.cache/dependency-cruiser", strategy: "content" },
    progress: { type: "none" },
  },
};
