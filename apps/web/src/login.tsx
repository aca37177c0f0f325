import { useState } from "react";
import type { FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError, apiGet, apiSend, orFallback, storeToken } from "./api/client.js";
import type { Organization } from "./api/types.js";

const ORG_KEY = "sift.org";

/** `POST /api/0/auth/login/`'s answer: the user and the organization the session is signed in to. */
interface LoginAnswer {
  nextUri?: string;
  user?: { session?: { organization?: { slug?: string } } };
}

export function lastOrganization(): string | null {
  return localStorage.getItem(ORG_KEY);
}

function rememberOrganization(slug: string): void {
  localStorage.setItem(ORG_KEY, slug);
}

/** A text field of a submitted form. */
function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** Where to go after signing in: the `next` path when it is one of ours, else the organization's stream. */
function destination(next: string | null, org: string): string {
  if (next && next.startsWith("/") && !next.startsWith("//")) return next;
  return `/organizations/${encodeURIComponent(org)}/issues/`;
}

async function firstOrganization(): Promise<string | null> {
  const orgs = await orFallback(apiGet<Organization[]>("/organizations/"), []);
  return orgs[0]?.slug ?? lastOrganization();
}

/** Sign in with an email and password (a session cookie), or with an API token and its organization. */
export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    try {
      const org = await work();
      if (!org) throw new Error("Signed in, but no organization was found for this account");
      rememberOrganization(org);
      await navigate(destination(params.get("next"), org));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const withPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = field(form, "email");
    void run(async () => {
      storeToken(null);
      const answer = await apiSend<LoginAnswer>("POST", "/auth/login/", {
        body: { email, password: field(form, "password") },
      });
      return answer?.user?.session?.organization?.slug ?? (await firstOrganization());
    });
  };

  const withToken = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const org = field(form, "organization").trim();
    storeToken(field(form, "token").trim());
    void run(async () => {
      try {
        await apiGet(`/organizations/${encodeURIComponent(org)}/issues/`, { limit: 1, collapse: "stats" });
      } catch (caught) {
        storeToken(null);
        if (caught instanceof ApiError && caught.status === 404) throw new Error(`No organization ${org}`);
        throw caught;
      }
      return org;
    });
  };

  return (
    <main className="login">
      <h1>Sign in to Sift</h1>
      <form onSubmit={withPassword} className="card stack">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <details className="card">
        <summary>Sign in with an API token</summary>
        <form onSubmit={withToken} className="stack">
          <label>
            Organization
            <input name="organization" required defaultValue={lastOrganization() ?? ""} />
          </label>
          <label>
            API token
            <input name="token" type="password" autoComplete="off" required />
          </label>
          <button type="submit" disabled={busy}>
            Use token
          </button>
        </form>
      </details>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </main>
  );
}
