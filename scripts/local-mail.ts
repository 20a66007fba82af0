// MailDev (SMTP server + web inbox) for `npm run dev` / `npm start` when SMTP_URL is unset, on 127.0.0.1 only.
import { createRequire } from "node:module";

export type LocalMail = { smtpUrl: string; inboxUrl: string; stop(): Promise<void> };

type MailServer = { listen(): Promise<void>; close(callback: () => void): void };

export async function startLocalMail(options: { smtpPort: number; inboxPort: number; mailDirectory: string }): Promise<LocalMail> {
  const MailDev = createRequire(import.meta.url)("maildev") as (config: Record<string, unknown>) => MailServer;
  // MailDev exits the process on SIGTERM/SIGINT by itself; the stack stops it in order instead.
  const before = { SIGTERM: process.listeners("SIGTERM"), SIGINT: process.listeners("SIGINT") };
  const server = MailDev({
    smtp: options.smtpPort,
    web: options.inboxPort,
    ip: "127.0.0.1",
    webIp: "127.0.0.1",
    silent: true,
    mailDirectory: options.mailDirectory,
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  }
  await server.listen();
  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    inboxUrl: `http://127.0.0.1:${options.inboxPort}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
