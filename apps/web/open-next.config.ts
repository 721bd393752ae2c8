import type { OpenNextConfig } from "@opennextjs/aws/types/open-next.js";

/**
 * OpenNext's defaults: one server function (API Gateway v2 / function URL
 * events), the image optimizer, static assets for S3. infra/ deploys them.
 */
const config = {
  default: {
    // Next's file tracing leaves sharp out of the standalone output (the upload
    // checks and product cut-outs use it): install it into the function for
    // Lambda's Linux x64, at the version the repository locks.
    install: { packages: ["sharp@0.35.5"], arch: "x64", libc: "glibc" },
  },
} satisfies OpenNextConfig;

export default config;
