import { env } from "@/lib/env";

/** The address people reach the app at, for links in emails and calendar files. */
export function appUrl(path = ""): string {
  return `${env().NEXTAUTH_URL ?? "http://127.0.0.1:3000"}${path}`;
}
