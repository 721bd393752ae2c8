import { APP_SECRET_KEYS, assetBucketName, type DataStack } from "./data-stack";
import type { Settings } from "./settings";

/**
 * Variables every service (web function, worker task) gets as plain
 * environment. Secrets are added by each service in its own way: ECS pulls
 * them from Secrets Manager at task start; Lambda gets deploy-time references.
 */
export function plainEnvironment(settings: Settings, data: DataStack): Record<string, string> {
  const runtime = Object.fromEntries(
    Object.entries(settings.runtime)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
  return {
    NODE_ENV: "production",
    APP_URL: settings.deploy.appUrl,
    SQS_QUEUE_URL: data.queue.queueUrl,
    SQS_DLQ_URL: data.deadLetterQueue.queueUrl,
    S3_BUCKET: assetBucketName(settings),
    ...runtime,
  };
}

/** The secret variables: DATABASE_URL and the application secret's keys. */
export const SECRET_VARIABLES = ["DATABASE_URL", ...APP_SECRET_KEYS] as const;

/**
 * Lambda has no secret injection: the values are CloudFormation dynamic
 * references, resolved at deploy time into the function's configuration
 * (readable by whoever may read that configuration; see the README).
 */
export function serviceEnvironment(settings: Settings, data: DataStack): Record<string, string> {
  return {
    ...plainEnvironment(settings, data),
    DATABASE_URL: data.databaseUrlSecret.secretValue.unsafeUnwrap(),
    ...Object.fromEntries(
      APP_SECRET_KEYS.map((key) => [key, data.appSecret.secretValueFromJson(key).unsafeUnwrap()]),
    ),
  };
}
