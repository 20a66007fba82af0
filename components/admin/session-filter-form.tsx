import Link from "next/link";
import { OUTCOMES, outcomeLabels } from "@/lib/admin/session-figures";
import type { SessionFilterInput } from "@/lib/admin/session-filters";

const input = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900";
const label = "block text-sm font-medium text-slate-800";

/** A plain GET form: the filter lives in the URL, so a filtered list can be bookmarked and shared. */
export function SessionFilterForm({
  value,
  providers,
  timeZone,
}: {
  value: SessionFilterInput;
  providers: { id: string; name: string }[];
  timeZone: string;
}) {
  return (
    <form
      method="get"
      action="/admin/sessions"
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6"
      aria-label="Filter sessions"
    >
      <div className="space-y-1">
        <label htmlFor="filter-from" className={label}>
          From
        </label>
        <input id="filter-from" name="from" type="date" defaultValue={value.from ?? ""} className={input} />
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-to" className={label}>
          To
        </label>
        <input id="filter-to" name="to" type="date" defaultValue={value.to ?? ""} className={input} />
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-provider" className={label}>
          Provider
        </label>
        <select id="filter-provider" name="providerId" defaultValue={value.providerId ?? ""} className={input}>
          <option value="">All providers</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-patient" className={label}>
          Patient
        </label>
        <input
          id="filter-patient"
          name="patient"
          type="search"
          placeholder="Name or email"
          defaultValue={value.patient ?? ""}
          className={input}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-outcome" className={label}>
          Outcome
        </label>
        <select id="filter-outcome" name="outcome" defaultValue={value.outcome ?? ""} className={input}>
          <option value="">Any outcome</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {outcomeLabels[o]}
            </option>
          ))}
        </select>
      </div>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Filter
        </button>
        <Link href="/admin/sessions" className="tap-link px-2 text-sm text-brand-700 underline">
          Clear
        </Link>
      </div>
      <p className="text-xs text-slate-700 sm:col-span-3 lg:col-span-6">Dates are whole days in {timeZone.replaceAll("_", " ")}.</p>
    </form>
  );
}
