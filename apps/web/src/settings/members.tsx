import { useState } from "react";
import type { FormEvent } from "react";
import { useParams } from "react-router";
import { Field } from "../components/field.js";
import { Options } from "../components/options.js";
import { AdminOnly, Failure, SettingsTable, formatDate, useConfirmed } from "./parts.js";
import { orgBase, useAccess, useChange, useSettingsQuery } from "./settings-api.js";
import type { Member } from "./settings-api.js";

const ROLES = ["member", "admin"] as const;

/** `/settings/{org}/members/`: who belongs to the organization; an admin adds, changes and removes them. */
export function MembersPage() {
  const { org = "" } = useParams();
  const base = `${orgBase(org)}/members/`;
  const queryKey = ["members", org];
  const access = useAccess();
  const members = useSettingsQuery<Member[]>(queryKey, base);
  const setRole = useChange<{ id: string; orgRole: string }>("PUT", (b) => `${base}${b.id}/`, queryKey);
  const remove = useChange<{ id: string }>("DELETE", (b) => `${base}${b.id}/`, queryKey);
  const [confirmRemoval, askRemoval] = useConfirmed<Member>(
    (m) => `Remove ${m.email} from the organization? They are signed out at once.`,
    "Remove member",
    (m) => remove.mutate({ id: m.id }),
  );
  const admin = access.data?.members ?? false;

  return (
    <section aria-labelledby="members-title">
      <h1 id="members-title">Members</h1>
      <Failure error={members.error ?? setRole.error ?? remove.error} />
      <SettingsTable
        columns={["Member", "Role", "Joined", "Last sign-in"]}
        rows={members.data}
        cells={(m) => (
          <>
            <td>
              {m.name}
              {m.name !== m.email && <div className="muted">{m.email}</div>}
            </td>
            <td>
              {admin ? (
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.orgRole}
                  onChange={(e) => setRole.mutate({ id: m.id, orgRole: e.target.value })}
                >
                  <Options choices={ROLES} />
                </select>
              ) : (
                m.orgRole
              )}
            </td>
            <td>{formatDate(m.dateCreated)}</td>
            <td>{formatDate(m.user.lastLogin)}</td>
          </>
        )}
        danger={admin ? { label: (m) => `Remove ${m.email}`, onClick: askRemoval } : undefined}
      />
      <AdminOnly allowed={access.data?.members} note="Only admins can add or remove members.">
        <AddMember org={org} />
      </AdminOnly>
      {confirmRemoval}
    </section>
  );
}

function AddMember({ org }: { org: string }) {
  const add = useChange<{ email: string; name: string; orgRole: string }, Member>(
    "POST",
    () => `${orgBase(org)}/members/`,
    ["members", org],
  );
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState("member");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ email, name, orgRole: role }, { onSuccess: () => (setEmail(""), setName("")) });
  };
  const added = add.data;

  return (
    <form className="card stack settings-form" onSubmit={submit} aria-labelledby="add-member">
      <h2 id="add-member">Add a member</h2>
      <Field label="Email" type="email" required maxLength={254} value={email} onChange={setEmail} />
      <Field label="Name (optional)" maxLength={200} value={name} onChange={setName} />
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          <Options choices={ROLES} />
        </select>
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={add.isPending}>
          Add member
        </button>
      </div>
      <Failure error={add.error} />
      {added && (
        <div role="status" className="notice">
          {added.password ? (
            <>
              <p>
                {added.email} can sign in with this password. It is shown only now: give it to them, they can
                change it with <code>sift user password</code>.
              </p>
              <p className="secret" aria-label="Generated password">
                {added.password}
              </p>
            </>
          ) : (
            <p>{added.email} already had a password and signs in with it.</p>
          )}
        </div>
      )}
    </form>
  );
}
