// Security headers for every response, built from configuration by a pure function so they are unit-tested.
export type HeaderConfig = {
  nonce: string;
  production: boolean;
  httpsOrigin: boolean;
  /** Where the browser opens its Pusher WebSocket (e.g. "ws://127.0.0.1:6001" or "wss://ws-eu.pusher.com"). */
  realtimeOrigins: string[];
};

export function contentSecurityPolicy(config: HeaderConfig): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Next's inline bootstrap scripts carry the nonce; 'strict-dynamic' lets them load their own chunks.
    "script-src": ["'self'", `'nonce-${config.nonce}'`, "'strict-dynamic'", ...(config.production ? [] : ["'unsafe-eval'"])],
    // React style attributes (e.g. a meter's width) need inline styles; scripts stay locked down.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    // The warm connection's video gate (lib/call-engine/media-gate.worker.ts), a script of ours.
    "worker-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...config.realtimeOrigins],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "report-uri": ["/api/csp-report"],
    ...(config.httpsOrigin ? { "upgrade-insecure-requests": [] } : {}),
  };
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

export function securityHeaders(config: HeaderConfig): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(config),
    // Camera, microphone and screen sharing for this origin only; nothing for embedded frames.
    "Permissions-Policy": "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(config.production && config.httpsOrigin ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** The WebSocket origins pusher-js will use, from the same settings the browser gets. */
export function realtimeOrigins(options: { host?: string; port?: number; useTLS: boolean; cluster: string }): string[] {
  if (options.host) {
    const port = options.port ? `:${options.port}` : "";
    return options.useTLS
      ? [`wss://${options.host}${port}`, `https://${options.host}${port}`]
      : [`ws://${options.host}${port}`, `http://${options.host}${port}`];
  }
  return [`wss://ws-${options.cluster}.pusher.com`];
}
