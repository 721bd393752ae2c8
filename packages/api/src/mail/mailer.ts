import nodemailer, { type Transporter } from "nodemailer";

/** One outgoing message; `text` and `html` say the same thing. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends mail. The API only ever talks to this, so tests can hand it any nodemailer transport. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A Mailer over any nodemailer transport (SMTP in the app, a JSON or stream transport in tests). */
export function createMailer(transport: Transporter, from: string): Mailer {
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

/**
 * SMTP_URL → a Mailer. smtp:// upgrades with STARTTLS when the server offers
 * it; smtps:// is TLS from the first byte. A loopback server (the local one of
 * `npm run dev`) is spoken to in plain text.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    ...(loopback ? { ignoreTLS: true } : {}),
    ...(url.username
      ? {
          auth: {
            user: decodeURIComponent(url.username),
            pass: decodeURIComponent(url.password),
          },
        }
      : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return createMailer(transport, from);
}

/**
 * Sends without failing the caller: an account action must not be undone
 * because the mail server hiccupped (the user can ask for the mail again).
 * Without a mailer nothing is sent and a line says so (never the link itself).
 */
export async function deliver(
  mailer: Mailer | undefined,
  message: MailMessage,
  log: (line: string) => void = console.log,
): Promise<boolean> {
  if (!mailer) {
    log(`[mail] SMTP_URL is not set: "${message.subject}" to ${message.to} was not sent`);
    return false;
  }
  try {
    await mailer.send(message);
    return true;
  } catch (error) {
    log(
      `[mail] sending "${message.subject}" to ${message.to} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}
