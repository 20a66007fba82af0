import { SectionNav } from "@/components/ui/section-nav";

const links = [
  { href: "/admin", label: "Overview", exact: true },
  { href: "/admin/sessions", label: "Sessions" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/book", label: "Book a visit" },
  { href: "/admin/jobs", label: "Jobs" },
  { href: "/admin/audit", label: "Audit" },
  { href: "/admin/clinic", label: "Clinic" },
] as const;

export function AdminNav() {
  return <SectionNav label="Admin" links={links} />;
}
