// Signed webhooks, batched and delivered strictly in order like hosted Pusher. A failing target
// only costs retries: delivery runs detached from the socket and REST paths and never throws.

import type { LifecycleEvent } from "./channels";
import { hmacHex } from "./signing";

export interface WebhookSenderOptions {
  url: string;
  key: string;
  secret: string;
  batchMs: number;
  maxBatchEvents: number;
  retryDelaysMs: readonly number[];
  log: (message: string) => void;
  requestTimeoutMs?: number;
}

export class WebhookSender {
  private pending: LifecycleEvent[] = [];
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly queue: string[] = [];
  private draining: Promise<void> | undefined;
  private closing = false;
  private wakeRetry: (() => void) | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly options: WebhookSenderOptions) {}

  push(event: LifecycleEvent): void {
    this.pending.push(event);
    if (this.pending.length >= this.options.maxBatchEvents) this.flush();
    else this.batchTimer ??= setTimeout(() => this.flush(), this.options.batchMs);
  }

  /** Sends what is queued with one attempt each (no more retries), then stops. */
  async close(graceMs = 1000): Promise<void> {
    this.closing = true;
    this.flush();
    this.wakeRetry?.();
    const giveUp = setTimeout(() => this.abort.abort(), graceMs);
    await this.draining;
    clearTimeout(giveUp);
  }

  private flush(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    while (this.pending.length > 0) {
      const events = this.pending.splice(0, this.options.maxBatchEvents);
      // time_ms is fixed at batch creation so retries carry the same signed body.
      this.queue.push(JSON.stringify({ time_ms: Date.now(), events }));
    }
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      for (let body = this.queue.shift(); body !== undefined; body = this.queue.shift()) {
        await this.deliver(body);
      }
    } finally {
      // Reset inside the loop's own turn so a flush right after can never see a finished drain.
      this.draining = undefined;
    }
  }

  private async deliver(body: string): Promise<void> {
    const { retryDelaysMs, log } = this.options;
    for (let attempt = 0; ; attempt++) {
      const failure = await this.post(body);
      if (failure === undefined) return;
      const delay = retryDelaysMs[attempt];
      if (delay === undefined || this.closing) {
        log(`webhook dropped after ${attempt + 1} attempt(s): ${failure}`);
        return;
      }
      log(`webhook attempt ${attempt + 1} failed (${failure}); retrying in ${delay} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeRetry = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      // Woken early by close(): the loop makes one last attempt instead of waiting out the schedule.
      this.wakeRetry = undefined;
    }
  }

  /** Resolves to a failure description, or undefined when the target answered 2xx. */
  private async post(body: string): Promise<string | undefined> {
    const { url, key, secret, requestTimeoutMs = 5000 } = this.options;
    try {
      // Server to server (the local Pusher server posting a signed webhook to the app), not the browser API client.
      const response = await fetch(url, {
        method: "POST",
        // Exactly "application/json": the pusher SDK's WebHook.isValid() compares it verbatim.
        headers: { "content-type": "application/json", "x-pusher-key": key, "x-pusher-signature": hmacHex(secret, body) },
        body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(requestTimeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return `${error instanceof Error ? error.message : String(error)}${cause}`;
    }
  }
}
