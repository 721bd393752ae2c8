import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Next compiles JSX itself (tsconfig "jsx": "preserve"); unit tests of components need it compiled
// here, and the app's `@/…` imports (tsconfig paths) resolve the same way as under Next.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
});
