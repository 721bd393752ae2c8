import type { OpenNextConfig } from "@opennextjs/aws/types/open-next.js";

/**
 * OpenNext's defaults: one server function (API Gateway v2 / function URL
 * events), the image optimizer, static assets for S3. infra/ deploys them.
 */
const config = {
  default: {},
} satisfies OpenNextConfig;

export default config;
