import { startFauxqs, type FauxqsServer } from "fauxqs";
import { ensureDir } from "./paths";

export interface QueueServerOptions {
  port: number;
  /** Persist queues, messages and objects here; in memory when omitted (tests). */
  dataDir?: string;
}

export interface RunningQueueServer {
  /** One endpoint serves both the SQS and the S3 API. */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The SQS + S3 wire-protocol server (npm `fauxqs`), in this process. Product
 * code never touches it directly: it talks to it through the real AWS SDK
 * clients, exactly as it talks to AWS in production.
 */
export async function startQueueServer(options: QueueServerOptions): Promise<RunningQueueServer> {
  let server: FauxqsServer;
  try {
    server = await startFauxqs({
      port: options.port,
      host: "127.0.0.1",
      logger: false,
      ...(options.dataDir
        ? {
            dataDir: ensureDir(options.dataDir),
            // Objects as plain files: inspectable, and no SQLite blob size limits.
            s3StorageDir: ensureDir(`${options.dataDir}/objects`),
          }
        : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === "EADDRINUSE"
        ? `The queue server could not listen on port ${options.port}: the port is taken.`
        : `The queue server did not start: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    stop: () => server.stop(),
  };
}

/**
 * fauxqs names queues `http://sqs.<region>.<host>:<port>/<account>/<name>`,
 * which is not a valid URL when the host is an IP address. Requests go to the
 * endpoint anyway (the queue URL only names the queue), so point the URL there.
 */
export function queueUrlAtEndpoint(queueUrl: string, endpoint: string): string {
  return `${endpoint}${queueUrl.replace(/^https?:\/\/[^/]+/, "")}`;
}
