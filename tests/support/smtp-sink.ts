// A small SMTP server on 127.0.0.1 that keeps what it receives: Message-ID, recipient, arrival time.
import { SMTPServer } from "smtp-server";

export type Received = { messageId: string; to: string; at: number; subject: string; raw: string };
export type SmtpSink = { url: string; received: Received[]; close(): Promise<void> };

export async function startSmtpSink(options: { delayMs?: number; keepRaw?: boolean } = {}): Promise<SmtpSink> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const header = raw.split(/\r?\n\r?\n/)[0] ?? "";
        const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(header)?.[1]?.trim() ?? "";
        const done = () => {
          received.push({
            messageId: field("Message-ID"),
            to: session.envelope.rcptTo.map((r) => r.address).join(","),
            at: Date.now(),
            subject: field("Subject"),
            raw: options.keepRaw ? raw : "",
          });
          callback();
        };
        if (options.delayMs) setTimeout(done, options.delayMs);
        else done();
      });
    },
  });
  // A client killed mid-message resets its connection: that is the point of some tests, not a failure.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
