import type { Role } from "@/lib/schemas/user";

/** Where each role lands after sign-in. */
export function homePathFor(role: Role): string {
  switch (role) {
    case "PATIENT":
      return "/appointments";
    case "PROVIDER":
      return "/dashboard";
    case "ADMIN":
      return "/admin";
  }
}
