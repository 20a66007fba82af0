import { appendFile } from "node:fs/promises";
import { log } from "@/lib/log";

/** Browsers report blocked content here; a report means a page broke its own policy, so operators should see it. */
export async function POST(request: Request) {
  const text = (await request.text()).slice(0, 8192);
  log.warn("content security policy violation", { report: text });
  if (process.env.CSP_REPORT_FILE) await appendFile(process.env.CSP_REPORT_FILE, `${text}\n`).catch(() => undefined);
  return new Response(null, { status: 204 });
}
