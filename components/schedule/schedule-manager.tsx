"use client";

import { useState } from "react";
import { ExceptionsPanel } from "@/components/schedule/exceptions-panel";
import { UncoveredAppointments } from "@/components/schedule/uncovered-appointments";
import { WeeklyScheduleForm } from "@/components/schedule/weekly-schedule-form";
import type { ScheduleView } from "@/lib/working-hours/get-schedule";

/** The schedule page's editors, sharing the latest schedule the server answered with. */
export function ScheduleManager({ initial }: { initial: ScheduleView }) {
  const [view, setView] = useState(initial);
  return (
    <div className="space-y-10">
      <UncoveredAppointments appointments={view.uncovered} timeZone={view.timeZone} />
      <WeeklyScheduleForm view={view} onSaved={setView} />
      <ExceptionsPanel view={view} onChanged={setView} />
    </div>
  );
}
