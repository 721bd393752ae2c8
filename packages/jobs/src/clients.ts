import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";

export interface AwsEndpoints {
  region: string;
  /** Only for an SQS-compatible server (the embedded one); unset for Amazon SQS. */
  sqsEndpoint?: string | undefined;
  s3Endpoint?: string | undefined;
  s3ForcePathStyle?: boolean;
}

// The embedded server ignores signatures, but the SDK still needs credentials
// to sign with; in production the SDK's default chain (task role) applies.
const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };

export function createSqsClient(endpoints: AwsEndpoints): SQSClient {
  return new SQSClient({
    region: endpoints.region,
    ...(endpoints.sqsEndpoint
      ? { endpoint: endpoints.sqsEndpoint, credentials: localCredentials }
      : {}),
  });
}

export function createS3Client(endpoints: AwsEndpoints): S3Client {
  return new S3Client({
    region: endpoints.region,
    forcePathStyle: endpoints.s3ForcePathStyle ?? Boolean(endpoints.s3Endpoint),
    ...(endpoints.s3Endpoint
      ? { endpoint: endpoints.s3Endpoint, credentials: localCredentials }
      : {}),
  });
}
