export * from "./auth/password";
export * from "./services/health";
export { appRouter, createCaller, type AppRouter } from "./root";
export {
  authenticate,
  clientIp,
  contextFor,
  createApiContext,
  parseCookies,
  requestMetaOf,
  usesHttps,
  type ApiContext,
  type ApiDeps,
  type RequestMeta,
} from "./context";
export type { ErrorDetails } from "./trpc";
export { httpStatusOf } from "./trpc";
export {
  SESSION_COOKIE,
  SECURE_SESSION_COOKIE,
  resolveSession,
  type AuthState,
} from "./services/sessions";
export * from "./guard";

export { listWorkspacesOf } from "./services/workspaces";
export type { ClerkAuth } from "./auth/clerk";
export { handleTrpcRequest, MAX_BATCH_SIZE } from "./http";
export * from "./services/generations";
export * from "./services/credits";
export { createClerkAuth } from "./auth/clerk";
export { applyClerkEvent, verifyClerkWebhook } from "./services/clerk-sync";
export { uploadFont, type FontView } from "./services/font-files";
export * from "./mail";
export { LOCALE_COOKIE } from "./context";
export * from "./rest";
export { API_SCOPES, createApiKey, type ApiScope } from "./services/api-keys";
export { createPreset } from "./services/presets";
export { uploadStyleReference } from "./services/style-references";
export * from "./services/products";
export { segmenterFromSettings, type SegmentationSettings } from "./services/segmenter";
export { openReview, ReviewToken, REVIEW_LIMITS } from "./services/review-links";
