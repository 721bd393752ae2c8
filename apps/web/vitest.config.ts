import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The app's `@/…` imports (tsconfig paths) resolve the same way under Vitest.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
});
