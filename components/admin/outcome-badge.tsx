import { outcomeLabels, type Outcome } from "@/lib/admin/session-figures";

const tones: Record<Outcome, string> = {
  completed: "bg-emerald-100 text-emerald-900",
  "no-show": "bg-amber-100 text-amber-900",
  cancelled: "bg-slate-200 text-slate-800",
  "never-connected": "bg-red-100 text-red-900",
  dropped: "bg-orange-100 text-orange-900",
  open: "bg-brand-100 text-brand-800",
};

export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tones[outcome]}`}>{outcomeLabels[outcome]}</span>;
}
