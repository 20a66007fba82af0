import { describe, expect, it } from "vitest";
import { isDatabaseDown } from "@/lib/http/route";

describe("a database outage is a 503, not a 500", () => {
  it("knows PostgreSQL cutting a query off as it stops (the driver adapter's error, SQLSTATE 57P01 in its cause)", () => {
    const cut = Object.assign(new Error("terminating connection due to administrator command"), { name: "DriverAdapterError" });
    expect(isDatabaseDown(cut)).toBe(true);
    const wrapped = Object.assign(new Error("Invalid `prisma.appointment.update()` invocation"), {
      meta: { driverAdapterError: { cause: { originalCode: "57P01" } } },
    });
    expect(isDatabaseDown(wrapped)).toBe(true);
    expect(isDatabaseDown(new Error("the database system is shutting down"))).toBe(true);
  });

  it("leaves real bugs alone", () => {
    expect(isDatabaseDown(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseDown(Object.assign(new Error("unique"), { meta: { driverAdapterError: { cause: { originalCode: "23505" } } } }))).toBe(
      false,
    );
  });
});
