import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: [
    "@hyperposter/api",
    "@hyperposter/config",
    "@hyperposter/db",
    "@hyperposter/domain",
    "@hyperposter/jobs",
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
