// One HTTP server for both the WebSocket (/app/<key>) and REST (/apps/<appId>), like hosted Pusher
// behind a single host. The only outbound traffic is to the configured webhook URL.

import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { ChannelRegistry } from "./channels";
import { resolveConfig, type LocalPusher, type LocalPusherOptions, type ResolvedConfig } from "./config";
import { ClientConnection } from "./connection";
import { errorFrame } from "./messages";
import { handleRest } from "./rest";
import { WebhookSender } from "./webhooks";

export async function startLocalPusher(options: LocalPusherOptions): Promise<LocalPusher> {
  const config = resolveConfig(options);
  const webhooks = config.webhookUrl
    ? new WebhookSender({
        url: config.webhookUrl,
        key: config.key,
        secret: config.secret,
        batchMs: config.webhookBatchMs,
        maxBatchEvents: config.webhookMaxBatchEvents,
        retryDelaysMs: config.webhookRetryDelaysMs,
        log: config.log,
      })
    : undefined;
  const registry = new ChannelRegistry((event) => webhooks?.push(event), config.deliveryDelayMs);
  const connections = new Set<ClientConnection>();
  let allClosed: (() => void) | undefined;

  const http = createServer((req, res) => void handleRest(req, res, { config, registry }));
  // Big enough for a maximal event plus envelope, so the size limit answers with pusher:error
  // (as hosted Pusher does) rather than the transport cutting the socket.
  const wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(256 * 1024, config.maxEventBytes * 4) });

  let shuttingDown = false;
  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (shuttingDown) {
      socket.destroy();
      return;
    }
    if (!(req.url ?? "").startsWith("/app/")) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  });

  function accept(ws: WebSocket, req: IncomingMessage): void {
    const rejection = checkHandshake(req.url ?? "", config);
    if (rejection) {
      // Protocol 7: error frame for old drafts, then the close code that pusher-js acts on.
      config.log(`refused connection: ${rejection.message}`);
      ws.send(errorFrame(rejection.code, rejection.message));
      ws.close(rejection.code, rejection.message);
      setTimeout(() => ws.terminate(), 1000).unref();
      return;
    }
    const connection = new ClientConnection(ws, {
      config,
      registry,
      onClosed: (closed) => {
        connections.delete(closed);
        config.log(`socket ${closed.socketId} disconnected`);
        if (connections.size === 0) allClosed?.();
      },
    });
    connections.add(connection);
    config.log(`socket ${connection.socketId} connected`);
  }

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) connection.close(4201, "Pong reply not received");
      else {
        connection.alive = false;
        connection.ping();
      }
    }
  }, config.activityTimeout * 1000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.port, config.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${config.host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        shuttingDown = true;
        clearInterval(heartbeat);
        registry.dropPending();
        const httpClosed = new Promise<void>((resolve) => http.close(() => resolve())); // stop accepting first
        const drained = new Promise<void>((resolve) => {
          allClosed = resolve;
          if (connections.size === 0) resolve();
        });
        // 4200 tells pusher-js to reconnect at once, which is what a restarted dev server wants.
        for (const connection of connections) connection.close(4200, "Server shutting down");
        await drained;
        for (const ws of wss.clients) ws.terminate(); // refused handshakes still closing
        wss.close();
        http.closeAllConnections(); // idle keep-alive REST sockets
        await httpClosed;
        await webhooks?.close(); // last, so it carries the member_removed/channel_vacated of the drain
      })()),
  };
}

// Hosted Pusher documents 7 as current and only 1-3 as no longer supported; other clients still send
// older ones (the Android SDK 5, Python's pysher 6). The messages this server speaks are the same in 4-7.
const SUPPORTED_PROTOCOLS = new Set(["4", "5", "6", "7"]);

function checkHandshake(url: string, config: ResolvedConfig): { code: number; message: string } | undefined {
  const [path = "", search = ""] = url.split("?", 2);
  const key = path.slice("/app/".length);
  if (key !== config.key) return { code: 4001, message: `Application does not exist: unknown app key ${key}` };
  const protocol = new URLSearchParams(search).get("protocol");
  if (protocol === null) return { code: 4008, message: "No protocol version supplied" };
  if (!SUPPORTED_PROTOCOLS.has(protocol)) return { code: 4007, message: `Unsupported protocol version ${protocol} (4 to 7 are supported)` };
  return undefined;
}
