import type { Role } from "@/lib/schemas/user";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; name: string; email: string; sessionVersion: number };
  }
  interface User {
    id: string;
    role: Role;
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    role?: Role;
    sessionVersion?: number;
  }
}
