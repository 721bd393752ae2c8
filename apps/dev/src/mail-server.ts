import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, renameSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { SMTPServer } from "smtp-server";

export interface RunningMailServer {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  /** Where every accepted message lands as an .eml file. */
  dir: string;
  stop(): Promise<void>;
}

/**
 * The embedded stack's mail server: SMTP on loopback that accepts every
 * message and keeps it as `<time>-<random>.eml` in `dir` (newest sorts last),
 * for the web app's /dev/mailbox page. Nothing is relayed anywhere. No TLS and
 * no authentication: it only listens on 127.0.0.1.
 */
export async function startMailServer(options: {
  dir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<RunningMailServer> {
  const dir = options.dir;
  mkdirSync(dir, { recursive: true });
  const log = options.log ?? (() => {});
  const server = new SMTPServer({
    name: "hyperposter.local",
    banner: "Hyperposter development mail server (messages are kept, never relayed)",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: 10 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const name = `${stamp}-${randomBytes(4).toString("hex")}.eml`;
      // Written under a temporary name and renamed, so a reader never sees half a message.
      const partial = join(dir, `.${name}.part`);
      pipeline(stream, createWriteStream(partial))
        .then(() => {
          if (stream.sizeExceeded) throw new Error("message too large");
          renameSync(partial, join(dir, name));
          const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
          log(`kept a message to ${to}: ${name}`);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => log(`mail server error: ${error.message}`));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
