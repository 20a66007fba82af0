import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { plainSummary, validate } from "@/lib/http/read-json";
import { signUpSchema } from "@/lib/schemas/user";

function refusal(input: unknown): AppError {
  try {
    validate(signUpSchema, input);
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  throw new Error("expected a refusal");
}

describe("sign-up refusals in plain words", () => {
  it("says what to do for each field, not what the validator found", () => {
    const error = refusal({ name: " ", email: "nope", password: "short", timeZone: "Mars/Olympus" });
    expect(error.details?.fields).toEqual({
      name: "Please enter your name.",
      email: "Please enter an email address such as name@example.com.",
      password: "Please choose a password of at least 10 characters.",
      timeZone: "Please choose a time zone from the list, such as Europe/London.",
    });
    expect(error.message).not.toMatch(/Invalid input|is required|:/);
    expect(error.message).toContain("Please enter your name.");
  });

  it("turns rule fragments into sentences naming the field", () => {
    expect(plainSummary({ startMinute: "must be a time" })).toBe("Start minute must be a time.");
    expect(plainSummary({ a: "Please do this.", b: "Please do this." })).toBe("Please do this.");
  });
});
