import type { TimelineItem } from "@/lib/admin/session-timeline";
import { clockTime } from "@/lib/admin/format";

/** Every event of the visit in words, with times on the admin's wall clock. */
export function SessionTimeline({ items, timeZone }: { items: TimelineItem[]; timeZone: string }) {
  if (items.length === 0) return <p className="text-slate-700">Nothing was recorded for this visit.</p>;
  return (
    <ol className="space-y-2 border-l-2 border-slate-200 pl-4" data-timeline>
      {items.map((item) => (
        <li key={`${item.kind}-${item.id}`} className="text-sm" data-event-type={item.kind === "event" ? item.type : "QUALITY"}>
          <time dateTime={item.at.toISOString()} className="mr-2 font-mono text-slate-700">
            {clockTime(item.at, timeZone)}
          </time>
          {item.kind === "event" ? (
            <span>{item.text}</span>
          ) : (
            <details className="inline-block align-top">
              <summary className="cursor-pointer text-slate-900">
                {item.text}, until {clockTime(item.until, timeZone)}
              </summary>
              <ol className="mt-1 space-y-1 text-xs text-slate-800">
                {item.samples.map((s) => (
                  <li key={s.id}>
                    <time dateTime={s.at.toISOString()} className="mr-2 font-mono">
                      {clockTime(s.at, timeZone)}
                    </time>
                    {s.text}
                  </li>
                ))}
              </ol>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
