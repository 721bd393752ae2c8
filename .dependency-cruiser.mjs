/**
 * The dependency rules of the monorepo, checked by `npm run lint`:
 * apps → api / jobs → db / domain; the pipeline is pure (domain only);
 * nothing in packages reaches into apps; no import cycles anywhere.
 * @type {import('dependency-cruiser').IConfiguration}
 */
export default {
  forbidden: [
    {
      name: "packages-not-into-apps",
      comment:
        "Packages are libraries the apps compose; an import the other way makes a cycle of packages.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "pipeline-depends-on-domain-only",
      comment:
        "The pipeline is pure: no database, queue, HTTP or config; only the domain's schemas.",
      severity: "error",
      from: { path: "^packages/pipeline/" },
      to: { path: "^packages/(?!pipeline/|domain/)" },
    },
    {
      name: "domain-depends-on-nothing-of-ours",
      comment: "Every part speaks the domain's schemas; the domain itself imports none of them.",
      severity: "error",
      from: { path: "^packages/domain/" },
      to: { path: "^(packages/(?!domain/)|apps/)" },
    },
    {
      name: "no-circular",
      comment: "A cycle means two modules are one concept, or a type lives in the wrong place.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: {
      path: "(^|/)(node_modules|\\.next[^/]*|dist|generated|\\.data|artifacts)/",
    },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    combinedDependencies: true,
  },
};
