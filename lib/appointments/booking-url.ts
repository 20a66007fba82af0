// The booking page's address carries the patient's choices: ?week=N&slot=ISO in the query, and the reason
// in the fragment (#reason=...), which browsers never send to the server, so it stays out of logs.

export type BookingUrlState = { week: number; slot: string | null; reason: string };

const MAX_WEEKS = 52;

export function bookingStateFromUrl(query: string, hash: string): BookingUrlState {
  const params = new URLSearchParams(query);
  const weekText = params.get("week") ?? "0";
  const week = /^\d{1,2}$/.test(weekText) ? Math.min(Number(weekText), MAX_WEEKS) : 0;
  const slotText = params.get("slot");
  const slot =
    slotText && !Number.isNaN(Date.parse(slotText)) && /^\d{4}-\d{2}-\d{2}T/.test(slotText) ? new Date(slotText).toISOString() : null;
  const reason = new URLSearchParams(hash.replace(/^#/, "")).get("reason")?.slice(0, 500) ?? "";
  return { week, slot, reason };
}

export function bookingUrl(path: string, state: BookingUrlState): string {
  const query = new URLSearchParams();
  if (state.week > 0) query.set("week", String(state.week));
  if (state.slot) query.set("slot", state.slot);
  const hash = state.reason ? `#${new URLSearchParams({ reason: state.reason }).toString()}` : "";
  const q = query.toString();
  return `${path}${q ? `?${q}` : ""}${hash}`;
}
