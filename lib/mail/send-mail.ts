import "server-only";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A stable id per message (e.g. per reminder): a retry after a crash carries the same one, so mail clients can fold a repeat. */
  messageId?: string;
  attachments?: { filename: string; content: string; contentType: string }[];
};

let transport: Transporter | undefined;

function mailer(): Transporter {
  // Without SMTP, messages are rendered to .eml files a developer can open in any mail client (and tests read).
  const url = env().SMTP_URL;
  transport ??= url
    ? nodemailer.createTransport(pooled(url))
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return transport;
}

/** A few kept-open connections unless the URL says otherwise: a burst of reminders does not reconnect per message. */
function pooled(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has("pool")) parsed.searchParams.set("pool", "true");
  if (!parsed.searchParams.has("maxConnections")) parsed.searchParams.set("maxConnections", "5");
  if (!parsed.searchParams.has("maxMessages")) parsed.searchParams.set("maxMessages", "1000");
  return parsed.toString();
}

/**
 * Hands one email to SMTP (or the .eml outbox). Throws on failure: every caller is a queue job, which
 * retries with backoff; nothing else sends mail.
 */
export async function deliverMail(mail: Mail): Promise<void> {
  const info = (await mailer().sendMail({ from: env().MAIL_FROM, ...mail })) as { message?: Buffer };
  if (!env().SMTP_URL && info.message) {
    const dir = env().OUTBOX_DIR;
    await mkdir(dir, { recursive: true });
    const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, "_");
    await writeFile(join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${safeTo}.eml`), info.message);
  }
}
