export { handleRestRequest, type RestHandlerDeps } from "./handler";
export { KeyRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitSettings } from "./rate-limit";
export { openApiDocument } from "./openapi";
export type { RestErrorBody } from "./errors";
