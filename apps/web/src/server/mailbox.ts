import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser, type AddressObject } from "mailparser";

/**
 * The development mailbox: the .eml files the local SMTP server of
 * `npm run dev` keeps (apps/dev/src/mail-server.ts), read with mailparser.
 * Only in development, and only when that folder is configured.
 */
export function mailboxDir(
  source: Record<string, string | undefined> = process.env,
): string | null {
  if (source.NODE_ENV === "production") return null;
  return source.DEV_MAILBOX_DIR || null;
}

export interface MailSummary {
  id: string;
  subject: string;
  to: string;
  from: string;
  date: string | null;
}

export interface MailMessageView extends MailSummary {
  text: string;
}

/** A message id is its file name without .eml: letters, digits and dashes, nothing that walks paths. */
const ID = /^[\w-]{1,100}$/;
const LIST_LIMIT = 200;

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ");
}

async function parse(dir: string, id: string): Promise<MailMessageView> {
  const parsed = await simpleParser(await readFile(join(dir, `${id}.eml`)));
  return {
    id,
    subject: parsed.subject ?? "(no subject)",
    to: addresses(parsed.to),
    from: addresses(parsed.from),
    date: parsed.date ? parsed.date.toISOString() : null,
    text: parsed.text ?? "",
  };
}

/** Messages newest first (file names start with the time they arrived). */
export async function listMessages(dir: string): Promise<MailSummary[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const ids = names
    .filter((name) => name.endsWith(".eml"))
    .map((name) => name.slice(0, -4))
    .filter((id) => ID.test(id))
    .sort()
    .reverse()
    .slice(0, LIST_LIMIT);
  const messages = await Promise.all(ids.map((id) => parse(dir, id)));
  return messages.map(({ text: _text, ...summary }) => summary);
}

/** One message, or null when there is no such file (or the id is not one). */
export async function readMessage(dir: string, id: string): Promise<MailMessageView | null> {
  if (!ID.test(id)) return null;
  return parse(dir, id).catch(() => null);
}

export type TextPart = { text: string } | { href: string };

/** Plain text with its http(s) links picked out, so the page can make them clickable. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const start = match.index ?? 0;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ href: match[0] });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
