/** Only same-site paths may be returned to after sign-in; anything else would be an open redirect. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  return value.length <= 512 ? value : null;
}
