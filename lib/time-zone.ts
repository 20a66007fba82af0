/** True for IANA zone names the runtime knows (e.g. "Europe/London"); rejects offsets and junk. */
export function isTimeZone(value: string): boolean {
  if (value.length > 64 || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function allTimeZones(): string[] {
  return Intl.supportedValuesOf("timeZone");
}
