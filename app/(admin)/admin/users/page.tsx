import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page";
import { allTimeZones } from "@/lib/time-zone";
import { listUsers } from "@/lib/admin/users";
import { userListQuerySchema } from "@/lib/admin/user-schemas";
import { queryString, readSearchParams, type PageSearchParams } from "@/lib/admin/search-params";
import { Alert } from "@/components/ui/alert";
import { AdminNav } from "@/components/admin/admin-nav";
import { UsersTable } from "@/components/admin/users-table";
import { CreateProviderForm } from "@/components/admin/create-provider-form";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: PageSearchParams }) {
  const admin = await requirePageUser(["ADMIN"], "/admin/users");
  const query = await readSearchParams(searchParams, userListQuerySchema);
  const input = query.ok ? query.data : { page: 1 };
  const result = await listUsers({ q: input.q, role: input.role, page: input.page });
  const link = (page: number) => `/admin/users${queryString({ q: input.q, role: input.role, page })}`;
  return (
    <section className="space-y-6">
      <AdminNav />
      <h1 className="text-2xl font-semibold">Users</h1>
      <form
        method="get"
        action="/admin/users"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        aria-label="Find users"
      >
        <div className="space-y-1">
          <label htmlFor="users-q" className="block text-sm font-medium text-slate-800">
            Name or email
          </label>
          <input
            id="users-q"
            name="q"
            type="search"
            defaultValue={input.q ?? ""}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="users-role" className="block text-sm font-medium text-slate-800">
            Role
          </label>
          <select
            id="users-role"
            name="role"
            defaultValue={input.role ?? ""}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">Any role</option>
            <option value="PATIENT">Patients</option>
            <option value="PROVIDER">Providers</option>
            <option value="ADMIN">Admins</option>
          </select>
        </div>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Search
        </button>
      </form>
      {query.ok ? null : <Alert>{query.error}</Alert>}
      <p className="text-sm text-slate-700">
        {result.total} user{result.total === 1 ? "" : "s"}; page {result.page} of {result.pages}. A role change or deactivation signs that
        user out at once.
      </p>
      <UsersTable users={result.users} selfId={admin.id} timeZone={admin.timeZone} />
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {result.page > 1 ? (
          <Link href={link(result.page - 1)} className="tap-link text-brand-700 underline">
            Previous page
          </Link>
        ) : null}
        {result.page < result.pages ? (
          <Link href={link(result.page + 1)} className="tap-link text-brand-700 underline">
            Next page
          </Link>
        ) : null}
      </nav>
      <section aria-labelledby="new-provider-title" className="space-y-3">
        <h2 id="new-provider-title" className="text-lg font-semibold">
          Add a provider
        </h2>
        <CreateProviderForm timeZones={allTimeZones()} />
      </section>
    </section>
  );
}
