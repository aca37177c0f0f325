import { useState } from "react";
import type { FormEvent } from "react";
import { useParams } from "react-router";
import { Field } from "../components/field.js";
import { AdminOnly, Failure, ProjectTabs, formatDate, useConfirmed } from "./parts.js";
import { projectBase, useAccess, useChange, useSettingsQuery } from "./settings-api.js";
import type { ClientKey } from "./settings-api.js";

type KeyChange = { id: string; name?: string; isActive?: boolean; rateLimit?: ClientKey["rateLimit"] };

/** `/settings/{org}/projects/{project}/keys/`: the project's client keys and their DSNs. */
export function ProjectKeysPage() {
  const { org = "", project = "" } = useParams();
  const base = `${projectBase(org, project)}/keys/`;
  const queryKey = ["project-keys", org, project];
  const access = useAccess();
  const keys = useSettingsQuery<ClientKey[]>(queryKey, base);
  const create = useChange<{ name: string }>("POST", () => base, queryKey);
  const [label, setLabel] = useState("");
  const admin = access.data?.projects ?? false;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: label }, { onSuccess: () => setLabel("") });
  };

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Client Keys (DSN)</h1>
      <ProjectTabs org={org} project={project} />
      <p className="muted">SDKs send events with a DSN. A disabled key is refused; a deleted one is gone.</p>
      <Failure error={keys.error} />
      {keys.data?.length === 0 && <p>This project has no keys.</p>}
      {keys.data?.map((key) => (
        <KeyCard key={key.id} clientKey={key} admin={admin} base={base} queryKey={queryKey} />
      ))}
      <AdminOnly allowed={access.data?.projects} note="Only admins can create, change or delete keys.">
        <form className="card row settings-form" onSubmit={submit} aria-label="Create a key">
          <Field label="Key label" value={label} maxLength={64} onChange={setLabel} />
          <button type="submit" className="primary" disabled={create.isPending}>
            Create key
          </button>
          <Failure error={create.error} />
        </form>
      </AdminOnly>
    </section>
  );
}

function KeyCard(props: { clientKey: ClientKey; admin: boolean; base: string; queryKey: string[] }) {
  const { clientKey: key, admin, base, queryKey } = props;
  const title = key.name || "Unnamed key";
  const update = useChange<KeyChange>("PUT", (b) => `${base}${encodeURIComponent(b.id)}/`, queryKey);
  const remove = useChange<{ id: string }>("DELETE", (b) => `${base}${encodeURIComponent(b.id)}/`, queryKey);
  const [confirmDelete, askDelete] = useConfirmed<ClientKey>(
    () => `Delete the key “${title}”? SDKs using its DSN will be refused.`,
    "Delete key",
    () => remove.mutate({ id: key.id }),
  );
  const [copied, setCopied] = useState(false);
  const [name, setName] = useState(key.name);
  const [count, setCount] = useState(key.rateLimit ? String(key.rateLimit.count) : "");
  const [window, setWindow] = useState(key.rateLimit ? String(key.rateLimit.window) : "60");

  const copy = async () => {
    await navigator.clipboard.writeText(key.dsn.public).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const rateLimit = count.trim() === "" ? null : { count: Number(count), window: Number(window) };
    update.mutate({ id: key.id, name, rateLimit });
  };

  return (
    <section className="card key-card" aria-label={title}>
      <h2>{title}</h2>
      <p>
        {key.isActive ? "Enabled" : "Disabled"} · created {formatDate(key.dateCreated)}
        {key.rateLimit && ` · at most ${key.rateLimit.count} events per ${key.rateLimit.window} s`}
      </p>
      <div className="row">
        <label className="spacer">
          DSN <input className="dsn" readOnly value={key.dsn.public} onFocus={(e) => e.target.select()} />
        </label>
        <button type="button" onClick={() => void copy()}>
          Copy DSN
        </button>
        {copied && <span role="status">Copied</span>}
      </div>
      {admin && (
        <>
          <form className="row" onSubmit={save} aria-label={`Edit ${title}`}>
            <Field label="Label" value={name} maxLength={64} onChange={setName} />
            <Field
              label="Rate limit (events)"
              type="number"
              min={0}
              value={count}
              placeholder="none"
              onChange={setCount}
            />
            <Field
              label="per seconds"
              type="number"
              min={1}
              max={86400}
              value={window}
              onChange={setWindow}
            />
            <button type="submit">Save</button>
          </form>
          <div className="row">
            <button type="button" onClick={() => update.mutate({ id: key.id, isActive: !key.isActive })}>
              {key.isActive ? "Disable" : "Enable"}
            </button>
            <button type="button" className="danger" onClick={() => askDelete(key)}>
              Delete
            </button>
          </div>
        </>
      )}
      <Failure error={update.error ?? remove.error} />
      {confirmDelete}
    </section>
  );
}
