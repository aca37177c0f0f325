import { useState } from "react";
import type { FormEvent } from "react";
import { useParams } from "react-router";
import { Field } from "../components/field.js";
import { AdminOnly, Failure, SettingsTable, formatDate, useConfirmed } from "./parts.js";
import { orgBase, useAccess, useChange, useSettingsQuery } from "./settings-api.js";
import type { OrgToken } from "./settings-api.js";

const SCOPES = ["event:read", "event:write", "event:admin"] as const;

const tokenName = (t: OrgToken) => t.name || `API token ${t.id}`;

/** `/settings/{org}/auth-tokens/`: the organization's API tokens; an admin creates and revokes them. */
export function AuthTokensPage() {
  const { org = "" } = useParams();
  const base = `${orgBase(org)}/org-auth-tokens/`;
  const queryKey = ["org-tokens", org];
  const access = useAccess();
  const tokens = useSettingsQuery<OrgToken[]>(queryKey, base);
  const revoke = useChange<{ id: string }>("DELETE", (b) => `${base}${b.id}/`, queryKey);
  const [confirmRevoke, askRevoke] = useConfirmed<OrgToken>(
    (t) => `Revoke the token “${t.name}”? Calls made with it are refused from now on.`,
    "Revoke token",
    (t) => revoke.mutate({ id: t.id }),
  );
  const admin = access.data?.tokens ?? false;

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">Auth Tokens</h1>
      <p className="muted">
        Tokens belong to the organization and authenticate API calls with <code>Authorization: Bearer</code>.
      </p>
      <Failure error={tokens.error ?? revoke.error} />
      <SettingsTable
        columns={["Name", "Token", "Scopes", "Last used", "Created"]}
        rows={tokens.data}
        cells={(t) => (
          <>
            <td>{tokenName(t)}</td>
            <td>…{t.tokenLastCharacters}</td>
            <td>{t.scopes.join(", ")}</td>
            <td>{formatDate(t.dateLastUsed)}</td>
            <td>{formatDate(t.dateCreated)}</td>
          </>
        )}
        danger={admin ? { label: (t) => `Revoke ${tokenName(t)}`, onClick: askRevoke } : undefined}
      />
      <AdminOnly allowed={access.data?.tokens} note="Only admins can create or revoke tokens.">
        <CreateToken org={org} />
      </AdminOnly>
      {confirmRevoke}
    </section>
  );
}

function CreateToken({ org }: { org: string }) {
  const create = useChange<{ name: string; scopes: string[] }, OrgToken>(
    "POST",
    () => `${orgBase(org)}/org-auth-tokens/`,
    ["org-tokens", org],
  );
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["event:read"]);
  const toggle = (scope: string, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, scopes }, { onSuccess: () => setName("") });
  };

  return (
    <form className="card stack settings-form" onSubmit={submit} aria-labelledby="create-token">
      <h2 id="create-token">Create a token</h2>
      <Field label="Token name" required maxLength={255} value={name} onChange={setName} />
      <fieldset className="row">
        <legend>Scopes</legend>
        {SCOPES.map((scope) => (
          <label key={scope}>
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(e) => toggle(scope, e.target.checked)}
            />{" "}
            {scope}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <button type="submit" className="primary" disabled={create.isPending || scopes.length === 0}>
          Create token
        </button>
      </div>
      <Failure error={create.error} />
      {create.data?.token && (
        <div role="status" className="notice">
          <p>Copy the token now: it is shown only once.</p>
          <p className="secret" aria-label="New token">
            {create.data.token}
          </p>
        </div>
      )}
    </form>
  );
}
