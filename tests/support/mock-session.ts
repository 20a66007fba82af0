import { vi } from "vitest";
import { signedIn } from "./integration-app";

// Replaces only how the signed-in user is found (next-auth needs a real request); the role checks are the real ones.
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const { AppError } = await import("@/lib/errors");
  const original = await importOriginal<typeof import("@/lib/auth/session")>();
  const currentUser = async () => signedIn.getStore() ?? null;
  const requireUser = async () => {
    const user = await currentUser();
    if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in.");
    return user;
  };
  return {
    ...original,
    currentUser,
    requireUser,
    requireRole: async (...roles: string[]) => {
      const user = await requireUser();
      if (!roles.includes(user.role)) throw new AppError("FORBIDDEN", "You do not have access to this.");
      return user;
    },
  };
});
