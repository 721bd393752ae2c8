import { defineConfig } from "vitest/config";

// Next compiles JSX itself (tsconfig "jsx": "preserve"); unit tests of components need it compiled here.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
});
