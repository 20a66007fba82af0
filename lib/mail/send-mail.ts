import "server-only";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

export type Mail = {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: string; contentType: string }[];
};

let transport: Transporter | undefined;

function mailer(): Transporter {
  // Without SMTP, messages are rendered to .eml files a developer can open in any mail client.
  transport ??= env().SMTP_URL
    ? nodemailer.createTransport(env().SMTP_URL)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return transport;
}

/** Sends one email. A failure is logged and never undoes the booking that caused it. */
export async function sendMail(mail: Mail): Promise<void> {
  try {
    const info = (await mailer().sendMail({ from: env().MAIL_FROM, ...mail })) as { message?: Buffer };
    if (!env().SMTP_URL && info.message) {
      const dir = env().OUTBOX_DIR;
      await mkdir(dir, { recursive: true });
      const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, "_");
      await writeFile(join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${safeTo}.eml`), info.message);
    }
  } catch (error) {
    log.error("email could not be sent", { subject: mail.subject, error });
  }
}
