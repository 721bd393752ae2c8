import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/.open-next/**",
      "infra/cdk.out/**",
      "**/.next-*/**",
      "e2e/artifacts/**",
      "**/.turbo/**",
      "**/.data/**",
      "**/dist/**",
      "packages/db/src/generated/**",
      "**/next-env.d.ts",
      "out/**",
      ".models/**",
      ".bench-gpu/**",
      "e2e/artifacts/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  prettier,
);
