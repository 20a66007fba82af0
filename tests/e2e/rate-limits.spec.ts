import { expect, test } from "@playwright/test";
import { newPatient } from "./support/auth";

test("repeated wrong passwords lock the account with 429 and Retry-After, even for the right password", async ({ playwright, baseURL }) => {
  const patient = await newPatient(await playwright.request.newContext({ baseURL }));
  const attempt = async (password: string, ip: string) => {
    const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": ip } });
    const csrf = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await context.post("/api/auth/callback/credentials", {
      form: { email: patient.email, password, csrfToken: csrf.csrfToken, json: "true" },
      maxRedirects: 0,
    });
    const result = { status: response.status(), headers: response.headers(), body: await response.text() };
    await context.dispose();
    return result;
  };
  // Five failures from different addresses: per-account counting does not care where guesses come from.
  for (let i = 0; i < 5; i++) expect((await attempt("wrong-password", `203.0.113.${i + 1}`)).status).toBe(401);
  const locked = await attempt(patient.password, "203.0.113.99");
  expect(locked.status).toBe(429);
  expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
  expect((JSON.parse(locked.body) as { error: string }).error).toMatch(/Too many failed sign-ins/);
});

test("sign-up is limited per network address with 429 and Retry-After", async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 21; i++) {
    const r = await request.post("/api/signup", {
      data: { name: "Flood", email: `flood-${Date.now()}-${i}@e2e.test`, password: "a-long-password", timeZone: "UTC" },
      headers: { "x-forwarded-for": "192.0.2.77" },
    });
    statuses.push(r.status());
    if (r.status() === 429) expect(Number(r.headers()["retry-after"])).toBeGreaterThan(0);
  }
  expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
  expect(statuses[20]).toBe(429);
});
