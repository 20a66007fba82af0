// The demo accounts: printed by `npm run dev`, listed in the README, and used by the end-to-end tests.
export const DEMO_PASSWORD = "consult-demo-pass";

export type DemoAccount = {
  id: string;
  email: string;
  name: string;
  role: "PATIENT" | "PROVIDER" | "ADMIN";
  timeZone: string;
  specialty?: string;
};

export const demoAccounts: DemoAccount[] = [
  { id: "demo-admin", email: "admin@consult.test", name: "Avery Admin", role: "ADMIN", timeZone: "Europe/London" },
  {
    id: "demo-provider-okafor",
    email: "dr.okafor@consult.test",
    name: "Dr. Ngozi Okafor",
    role: "PROVIDER",
    timeZone: "America/New_York",
    specialty: "Family medicine",
  },
  {
    id: "demo-provider-lindqvist",
    email: "dr.lindqvist@consult.test",
    name: "Dr. Erik Lindqvist",
    role: "PROVIDER",
    timeZone: "Europe/Stockholm",
    specialty: "Dermatology",
  },
  {
    id: "demo-provider-tanaka",
    email: "dr.tanaka@consult.test",
    name: "Dr. Yui Tanaka",
    role: "PROVIDER",
    timeZone: "Asia/Tokyo",
    specialty: "Psychiatry",
  },
  { id: "demo-patient-alex", email: "alex@consult.test", name: "Alex Morgan", role: "PATIENT", timeZone: "Europe/London" },
  { id: "demo-patient-sam", email: "sam@consult.test", name: "Sam Rivera", role: "PATIENT", timeZone: "America/Chicago" },
  { id: "demo-patient-priya", email: "priya@consult.test", name: "Priya Shah", role: "PATIENT", timeZone: "Asia/Kolkata" },
  { id: "demo-patient-jordan", email: "jordan@consult.test", name: "Jordan Lee", role: "PATIENT", timeZone: "Australia/Sydney" },
];
