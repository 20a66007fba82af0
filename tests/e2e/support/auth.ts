import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoAccounts, type DemoAccount } from "../../../prisma/demo-accounts";

export function demo(role: DemoAccount["role"], index = 0): DemoAccount {
  const account = demoAccounts.filter((a) => a.role === role)[index];
  if (!account) throw new Error(`No demo ${role} #${index}`);
  return account;
}

/**
 * Each simulated person gets an address of their own: rate limits count per network address, and in
 * the tests every request would otherwise come from the same one.
 */
export function someAddress(): string {
  const n = () => Math.floor(Math.random() * 250) + 1;
  return `198.51.100.${n()}, 10.${n()}.${n()}.${n()}`;
}

/** Signs in through next-auth's credentials endpoint, without clicking through the form. */
export async function signInByApi(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<void> {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf.csrfToken, json: "true" },
    headers: { "x-forwarded-for": someAddress() },
    maxRedirects: 0,
  });
  expect(response.status(), `sign-in of ${email}`).toBeLessThan(400);
}

export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await signInByApi(page.context().request, email, password);
}

let counter = 0;
/** A fresh patient of this test's own, so parallel tests never share state. */
export async function newPatient(request: APIRequestContext, timeZone = "Europe/London") {
  const email = `patient-${Date.now()}-${process.pid}-${counter++}@e2e.test`;
  const password = "e2e-password-123";
  const response = await request.post("/api/signup", {
    data: { name: "Test Patient", email, password, timeZone },
    headers: { "x-forwarded-for": someAddress() },
  });
  expect(response.status()).toBe(201);
  return { email, password, ...((await response.json()) as { id: string; name: string }) };
}
