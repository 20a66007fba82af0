import { describe, expect, it } from "vitest";
import { profileSchema } from "@/lib/schemas/account";
import { signUpSchema } from "@/lib/schemas/user";

const base = { name: "Ada", timeZone: "Europe/London" };

describe("the patient's own details", () => {
  it("takes phone and date of birth as optional, blank meaning none", () => {
    expect(profileSchema.parse({ ...base, phone: "", dateOfBirth: "" })).toMatchObject({ phone: null, dateOfBirth: null });
    expect(profileSchema.parse({ ...base, phone: "+44 20 7946 0000", dateOfBirth: "1948-03-09" })).toMatchObject({
      phone: "+44 20 7946 0000",
      dateOfBirth: "1948-03-09",
    });
    expect(signUpSchema.parse({ ...base, email: "a@b.example", password: "long-enough-1" })).not.toHaveProperty("phone", expect.anything());
  });

  it("refuses impossible or future dates and odd phone numbers in plain words", () => {
    const issues = (input: object) => profileSchema.safeParse({ ...base, ...input }).error?.issues.map((i) => i.message);
    expect(issues({ dateOfBirth: "1990-02-30" })).toEqual(["Please enter your date of birth as day, month and year."]);
    expect(issues({ dateOfBirth: "2999-01-01" })).toEqual(["Please enter a date of birth in the past."]);
    expect(issues({ dateOfBirth: "1850-01-01" })).toEqual(["Please check the year of your date of birth."]);
    expect(issues({ phone: "call me" })?.[0]).toMatch(/^Please enter a phone number/);
  });
});
