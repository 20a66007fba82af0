// A tiny webhook target on an ephemeral port that records raw bodies (signatures cover raw bytes).

import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";
import { Recorder } from "./harness";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: Recorder<ReceivedWebhook>;
  close(): Promise<void>;
}

/** `statuses` answers the first requests in order (e.g. [500] fails once); later ones get 200. */
export async function startWebhookReceiver(statuses: number[] = []): Promise<WebhookReceiver> {
  const received = new Recorder<ReceivedWebhook>();
  const queue = [...statuses];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const status = queue.shift() ?? 200;
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  onTestFinished(close);
  return { url: `http://127.0.0.1:${port}/pusher/webhooks`, received, close };
}

export function eventsOf(webhook: ReceivedWebhook): { name: string; channel: string; user_id?: string }[] {
  return (JSON.parse(webhook.rawBody) as { events: { name: string; channel: string; user_id?: string }[] }).events;
}
