import { env } from "@hyperposter/config";
import { createClerkAuth, type ApiDeps } from "@hyperposter/api";
import { serverDeps } from "./deps";

let cached: ApiDeps | undefined;

/** What the tRPC API needs, built once per server process from the shared clients. */
export function apiDeps(): ApiDeps {
  if (cached) return cached;
  const config = env();
  const { db, storage } = serverDeps();
  cached = {
    db,
    storage,
    assetUrlTtlSeconds: config.ASSET_URL_TTL_SECONDS,
    appUrl: config.APP_URL,
    signupCredits: config.SIGNUP_CREDITS,
    log: (line) => console.log(line),
    // With Clerk's key configured its session tokens are accepted too; local accounts keep working.
    ...(config.CLERK_JWT_KEY
      ? {
          clerk: createClerkAuth({
            jwtKey: config.CLERK_JWT_KEY,
            authorizedParties: [config.APP_URL],
          }),
        }
      : {}),
  };
  return cached;
}
