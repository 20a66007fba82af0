import type { AdminUser } from "@/lib/admin/users";
import { formatInZone } from "@/lib/format-time";
import { UserActions } from "@/components/admin/user-actions";

const th = "px-3 py-2 text-left text-xs font-semibold text-slate-800";
// On a phone each user is a card (label above value) rather than a table to scroll sideways.
const td =
  "px-3 py-1 align-top text-sm text-slate-900 max-md:block max-md:before:block max-md:before:text-xs max-md:before:font-semibold max-md:before:text-slate-700 max-md:before:content-[attr(data-label)] md:py-2";
const roleWords = { PATIENT: "Patient", PROVIDER: "Provider", ADMIN: "Admin" } as const;

export function UsersTable({ users, selfId, timeZone }: { users: AdminUser[]; selfId: string; timeZone: string }) {
  if (users.length === 0) return <p className="text-slate-700">No users match.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 max-md:block">
        <caption className="sr-only">Users</caption>
        <thead className="bg-slate-50 max-md:sr-only">
          <tr>
            {["Name", "Email", "Role", "Status", "Since", "Actions"].map((h) => (
              <th key={h} scope="col" className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-md:block">
          {users.map((u) => (
            <tr key={u.id} data-user={u.email} className="max-md:block max-md:py-2">
              <td className={td} data-label="Name">
                {u.name}
                {u.specialty ? <span className="block text-xs text-slate-700">{u.specialty}</span> : null}
              </td>
              <td className={`${td} break-all`} data-label="Email">
                {u.email}
              </td>
              <td className={td} data-label="Role">
                {roleWords[u.role]}
              </td>
              <td className={td} data-label="Status">
                {u.active ? "Active" : <strong className="text-red-800">Deactivated</strong>}
              </td>
              <td className={td} data-label="Since">
                {formatInZone(u.createdAt, timeZone, { dateOnly: true })}
              </td>
              <td className={td} data-label="Actions">
                <UserActions user={{ id: u.id, name: u.name, role: u.role, active: u.active }} self={u.id === selfId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
