import { DEMO_PASSWORD } from "../../prisma/demo-accounts";

/** ms: seen by the client, request start to last byte; serverMs: the app's own Server-Timing (lib/http/route.ts). */
export type Timed<T = unknown> = { status: number; ms: number; serverMs: number | null; body: T; ok: boolean };

/** A signed-in HTTP user: a cookie jar over Node's fetch, on loopback only. */
export class Client {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {
    const host = new URL(baseUrl).hostname;
    if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") throw new Error(`bench traffic must stay on loopback, not ${host}`);
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Playwright-style cookies, so a browser context can share this session. */
  browserCookies(): { name: string; value: string; url: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value, url: this.baseUrl }));
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async raw(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader);
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    this.keep(response);
    return response;
  }

  /** Sends a request and reads the whole body; ms covers request start to the last byte. */
  async timed<T = unknown>(method: string, path: string, json?: unknown): Promise<Timed<T>> {
    const started = performance.now();
    const response = await this.raw(path, {
      method,
      headers: json === undefined ? undefined : { "content-type": "application/json" },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // HTML or empty: keep the text.
    }
    const serverMs = /app;dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1];
    return { status: response.status, ms, serverMs: serverMs === undefined ? null : Number(serverMs), body: body as T, ok: response.ok };
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<this> {
    const csrf = (await (await this.raw("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await this.raw("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken: csrf.csrfToken, json: "true" }).toString(),
    });
    await response.arrayBuffer();
    if (response.status >= 400 || ![...this.cookies.keys()].some((k) => k.includes("session-token"))) {
      throw new Error(`sign-in of ${email} failed (${response.status})`);
    }
    return this;
  }
}
