"use client";

type Props = { value: string; onChange: (tz: string) => void; options: { value: string; label: string }[]; id?: string };

/** The zone that times are shown in: always visible next to the times, never implicit. */
export function TimeZoneSelect({ value, onChange, options, id = "tz-select" }: Props) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium text-slate-800">
        Times shown in
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
