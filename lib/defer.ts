import { after } from "next/server";

/**
 * Runs slow side effects (email) after the response is sent. Outside a request (scripts, tests) there is
 * no response to wait for, so the work simply starts now.
 */
export function defer(work: () => Promise<void>): void {
  try {
    after(work);
  } catch {
    void work();
  }
}
