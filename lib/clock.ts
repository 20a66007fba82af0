/** The current time, read once per request by server pages (they render once, so this is not a render-purity issue). */
export function requestTime(): number {
  return Date.now();
}
