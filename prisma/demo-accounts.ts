// The demo accounts: printed by `npm run dev`, listed in the README, and used by the end-to-end tests.
export const DEMO_PASSWORD = "consult-demo-pass";

export type DemoAccount = {
  id: string;
  email: string;
  name: string;
  role: "PATIENT" | "PROVIDER" | "ADMIN";
  timeZone: string;
  specialty?: string;
  /** Weekly hours in the provider's own zone: [weekday (0 = Sunday), "HH:MM", "HH:MM"]. */
  hours?: [number, string, string][];
};

const weekdays = (from: string, to: string): [number, string, string][] => [1, 2, 3, 4, 5].map((d) => [d, from, to]);

export const demoAccounts: DemoAccount[] = [
  { id: "demo-admin", email: "admin@consult.test", name: "Avery Admin", role: "ADMIN", timeZone: "Europe/London" },
  {
    id: "demo-provider-okafor",
    email: "dr.okafor@consult.test",
    name: "Dr. Ngozi Okafor",
    role: "PROVIDER",
    timeZone: "America/New_York",
    specialty: "Family medicine",
    hours: [...weekdays("09:00", "12:00"), ...weekdays("13:00", "17:00")],
  },
  {
    id: "demo-provider-lindqvist",
    email: "dr.lindqvist@consult.test",
    name: "Dr. Erik Lindqvist",
    role: "PROVIDER",
    timeZone: "Europe/Stockholm",
    specialty: "Dermatology",
    hours: [1, 2, 3, 4].map((d): [number, string, string] => [d, "08:00", "15:00"]),
  },
  {
    id: "demo-provider-tanaka",
    email: "dr.tanaka@consult.test",
    name: "Dr. Yui Tanaka",
    role: "PROVIDER",
    timeZone: "Asia/Tokyo",
    specialty: "Psychiatry",
    // Evening hours in Tokyo are the UTC morning; Saturday too.
    hours: [2, 3, 4, 5, 6].map((d): [number, string, string] => [d, "17:00", "21:00"]),
  },
  { id: "demo-patient-alex", email: "alex@consult.test", name: "Alex Morgan", role: "PATIENT", timeZone: "Europe/London" },
  { id: "demo-patient-sam", email: "sam@consult.test", name: "Sam Rivera", role: "PATIENT", timeZone: "America/Chicago" },
  { id: "demo-patient-priya", email: "priya@consult.test", name: "Priya Shah", role: "PATIENT", timeZone: "Asia/Kolkata" },
  { id: "demo-patient-jordan", email: "jordan@consult.test", name: "Jordan Lee", role: "PATIENT", timeZone: "Australia/Sydney" },
];
