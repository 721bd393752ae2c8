import { createDb, type Db, type Plan, type Role } from "@hyperposter/db";
import {
  createTestDatabase,
  startTestQueueServer,
  type RunningQueueServer,
  type TestDatabase,
} from "@hyperposter/devstack";
import { AssetStorage, createS3Client, provisionBucket } from "@hyperposter/jobs";
import { TRPCError } from "@trpc/server";
import nodemailer from "nodemailer";
import { inject } from "vitest";
import { useTestScryptParams } from "../src/auth/password";
import type { ApiContext, ApiDeps, RequestMeta } from "../src/context";
import { createMailer } from "../src/mail";
import { handleTrpcRequest } from "../src/http";
import { createCaller } from "../src/root";

/** A real database and object store per test file, and callers acting as given users. */
export interface Harness {
  db: Db;
  deps: ApiDeps;
  logs: string[];
  /** Every message the API sent, as nodemailer rendered it. */
  mail: TestMailbox;
  stop(): Promise<void>;
}

export interface SentMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The API's real Mailer over nodemailer's JSON transport: each message is
 * rendered by nodemailer as it would be for SMTP and kept here, so tests read
 * links out of the mail the way a user does.
 */
export class TestMailbox {
  readonly messages: SentMail[] = [];

  to(address: string): SentMail[] {
    return this.messages.filter((m) => m.to.toLowerCase() === address.toLowerCase());
  }

  /**
   * The newest message to `address` (among those after the first `after` sent
   * in all), waiting briefly for one sent in the background.
   */
  async latest(address: string, subject?: RegExp, after = 0): Promise<SentMail> {
    for (let i = 0; i < 100; i += 1) {
      const found = this.messages
        .slice(after)
        .filter((m) => m.to.toLowerCase() === address.toLowerCase())
        .filter((m) => !subject || subject.test(m.subject));
      if (found.length > 0) return found[found.length - 1]!;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no mail${subject ? ` matching ${subject}` : ""} to ${address}`);
  }

  /** The token of the `path` link (e.g. /verify-email) in the newest matching mail to `address`. */
  async tokenFrom(address: string, path: string, after = 0): Promise<string> {
    const message = await this.latest(address, undefined, after);
    const match = message.text.match(new RegExp(`https?://[^\\s]+${path}\\?token=([\\w%-]+)`));
    if (!match) throw new Error(`no ${path} link in "${message.subject}" to ${address}`);
    return decodeURIComponent(match[1]!);
  }
}

export async function startHarness(
  label: string,
  options: { owaspScrypt?: boolean } = {},
): Promise<Harness> {
  // OWASP-cost hashes take ≈ 0.5 s each; suites that are not about hashing use a lower cost.
  useTestScryptParams(options.owaspScrypt ? null : { N: 2 ** 14, r: 8, p: 1 });
  const queue: RunningQueueServer = await startTestQueueServer();
  const database: TestDatabase = await createTestDatabase(inject("pgAdminUrl"), label);
  const db = createDb(database.url, { max: 4 });
  const s3 = createS3Client({ region: "us-east-1", s3Endpoint: queue.endpoint });
  await provisionBucket(s3, "assets");
  const logs: string[] = [];
  const mail = new TestMailbox();
  const transport = nodemailer.createTransport({ jsonTransport: true });
  // What the API's Mailer hands nodemailer, rendered by it and then kept in `mail`.
  const sendMail = transport.sendMail.bind(transport);
  transport.sendMail = (async (options: Parameters<typeof sendMail>[0]) => {
    const info = await sendMail(options);
    const rendered = JSON.parse(info.message as unknown as string) as {
      to: Array<{ address: string }>;
      subject: string;
      text: string;
      html: string;
    };
    mail.messages.push({
      to: rendered.to[0]!.address,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
    });
    return info;
  }) as typeof transport.sendMail;
  const deps: ApiDeps = {
    db,
    storage: new AssetStorage(s3, "assets"),
    assetUrlTtlSeconds: 600,
    appUrl: "http://app.test",
    signupCredits: 25,
    log: (line) => logs.push(line),
    mailer: createMailer(transport, "Hyperposter <no-reply@hyperposter.test>"),
  };
  return {
    db,
    deps,
    logs,
    mail,
    async stop() {
      await db.$disconnect();
      await database.drop();
      await queue.stop().catch(() => {});
    },
  };
}

export interface FakeRequest extends RequestMeta {
  setCookies: string[];
}

export function fakeRequest(cookies: Record<string, string> = {}, ip = "10.0.0.1"): FakeRequest {
  const setCookies: string[] = [];
  return {
    cookies,
    authorization: null,
    ip,
    userAgent: "vitest",
    setCookie: (header) => setCookies.push(header),
    secureCookies: false,
    setCookies,
  };
}

export type Caller = ReturnType<typeof createCaller>;

/** A caller whose request is already authenticated as `user` (or anonymous). */
export function callerAs(
  deps: ApiDeps,
  user: { id: string; email: string; name: string } | null,
  req: RequestMeta = fakeRequest(),
): Caller {
  const ctx: ApiContext = { ...deps, req, auth: user ? { user, sessionId: null } : null };
  return createCaller(ctx);
}

/** A user row as a fixture (not through sign-up): verified unless told otherwise. */
export async function makeUser(db: Db, email: string, options: { verified?: boolean } = {}) {
  return db.user.create({
    data: {
      email,
      name: email.split("@")[0] ?? email,
      emailVerifiedAt: options.verified === false ? null : new Date(),
    },
    select: { id: true, email: true, name: true },
  });
}

export async function makeWorkspace(
  db: Db,
  slug: string,
  members: Array<{ userId: string; role: Role }>,
  /** Agency by default: most tests are about something other than plan limits. */
  plan: Plan = "AGENCY",
) {
  return db.workspace.create({
    data: { slug, name: slug, plan, memberships: { create: members } },
  });
}

/** The tRPC error a call rejects with (fails the test when it resolves). */
export async function errorOf(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** A valid preset body for tests that only need one to exist (name it as the test needs). */
export const TEST_PRESET = {
  name: "P",
  colors: {
    primary: "#111111",
    secondary: "#222222",
    accent: "#333333",
    background: "#FFFFFF",
    text: "#000000",
  },
  fonts: { heading: "Inter", body: "Inter" },
};

/** 1×1 transparent PNG. */
export const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

export interface TrpcError {
  message: string;
  data: {
    code: string;
    httpStatus: number;
    field: string | null;
    fieldErrors: Record<string, string>;
    issues?: Array<{ field: string; code: string }>;
  };
}

/** One /api/trpc request through the real fetch handler, as a browser would send it. */
export async function httpCall(
  deps: ApiDeps,
  path: string,
  input: unknown,
  options: { cookie?: string; ip?: string; query?: boolean; userAgent?: string } = {},
) {
  const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? "10.1.1.1" };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.userAgent) headers["user-agent"] = options.userAgent;
  const url = `http://app.test/api/trpc/${path}`;
  const request = options.query
    ? new Request(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
    : new Request(url, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(input),
      });
  const response = await handleTrpcRequest(deps, request);
  const body = (await response.json()) as { result?: { data: unknown }; error?: TrpcError };
  return { status: response.status, body, setCookie: response.headers.getSetCookie() };
}
