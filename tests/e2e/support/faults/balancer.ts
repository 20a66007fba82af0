// A small load balancer in front of the Next.js instances, as any real deployment of two instances has:
// one public origin, sticky sessions by cookie, and fail-over to the next instance when the chosen one
// refuses the connection (a request that never reached an instance is safe to send to another, whatever
// its method). It logs which instance served every request, so a test can prove who served what.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const STICKY_COOKIE = "consult_backend";

export type Backend = { name: string; port: number };
export type Served = {
  at: number;
  backend: string;
  method: string;
  path: string;
  status: number;
  sticky: string | null;
  failedOver: boolean;
};

export type Balancer = {
  url: string;
  port: number;
  served: Served[];
  /** Requests whose path matches, in order, with the instance that answered. */
  servedFor(path: RegExp, method?: string): Served[];
  close(): Promise<void>;
};

function stickyOf(request: IncomingMessage): string | null {
  const cookie = request.headers.cookie ?? "";
  const match = new RegExp(`(?:^|;\\s*)${STICKY_COOKIE}=([^;]+)`).exec(cookie);
  return match?.[1] ?? null;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export async function startBalancer(backends: Backend[], port = 0): Promise<Balancer> {
  const served: Served[] = [];
  let next = 0;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const body = await readBody(request);
    const sticky = stickyOf(request);
    const preferred = backends.findIndex((b) => b.name === sticky);
    const start = preferred >= 0 ? preferred : next++ % backends.length;
    const order = backends.map((_, i) => backends[(start + i) % backends.length]!);
    for (const [attempt, backend] of order.entries()) {
      const outcome = await forward(backend, request, body, response);
      if (outcome === "refused") continue;
      served.push({
        at: Date.now(),
        backend: backend.name,
        method: request.method ?? "GET",
        path: request.url ?? "/",
        status: outcome,
        sticky,
        failedOver: attempt > 0,
      });
      return;
    }
    served.push({
      at: Date.now(),
      backend: "none",
      method: request.method ?? "GET",
      path: request.url ?? "/",
      status: 502,
      sticky,
      failedOver: true,
    });
    response.writeHead(502, { "content-type": "text/plain" }).end("No app instance is reachable.");
  }

  /** Resolves with the status sent to the client, or "refused" when the instance never got the request. */
  function forward(backend: Backend, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<number | "refused"> {
    return new Promise((resolve) => {
      const headers = { ...request.headers, "content-length": String(body.length) };
      delete headers["transfer-encoding"];
      // No keep-alive towards the instances: a pooled socket to a killed instance would fail mid-request.
      const upstream = httpRequest({
        host: "127.0.0.1",
        port: backend.port,
        method: request.method,
        path: request.url,
        headers,
        agent: false,
      });
      let answered = false;
      upstream.on("response", (reply) => {
        answered = true;
        response.writeHead(reply.statusCode ?? 502, reply.rawHeaders);
        reply.pipe(response);
        reply.on("error", () => response.destroy());
        resolve(reply.statusCode ?? 502);
      });
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (answered) return response.destroy();
        if (error.code === "ECONNREFUSED") return resolve("refused");
        // The instance took the request and died before answering: like a real balancer, 502.
        if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" }).end("The app instance failed.");
        resolve(502);
      });
      response.on("close", () => {
        if (!response.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(502).end();
      else response.destroy();
    });
  });
  // As the instances do (scripts/stack.ts): Node's 5 s default closes an idle keep-alive socket just as a
  // test's request context reuses it, and that request dies with ECONNRESET (seen on a loaded CI machine).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    served,
    servedFor: (path, method) => served.filter((s) => path.test(s.path) && (!method || s.method === method)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
