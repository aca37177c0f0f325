// The settings pages' API calls: Sentry's project, client key, member, team and organization token
// routes, and what the caller may do there (the scopes `GET /api/0/` answers).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { QueryKey } from "@tanstack/react-query";
import { apiGet, apiSend } from "../api/client.js";

export interface ProjectDetails {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  teams: { id: string; slug: string; name: string }[];
}

export interface ClientKey {
  id: string;
  name: string;
  isActive: boolean;
  rateLimit: { window: number; count: number } | null;
  dsn: { public: string; secret: string };
  dateCreated: string;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  orgRole: string;
  dateCreated: string;
  user: { lastLogin: string | null };
  password?: string | null;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
}

export interface OrgToken {
  id: string;
  name: string;
  scopes: string[];
  tokenLastCharacters: string;
  dateCreated: string;
  dateLastUsed: string | null;
  token?: string;
}

const enc = encodeURIComponent;
export const orgBase = (org: string) => `/organizations/${enc(org)}`;
export const projectBase = (org: string, project: string) => `/projects/${enc(org)}/${enc(project)}`;

/** What the caller may change: the scopes of its token or of its role. */
export interface Access {
  /** Projects and their client keys (`event:admin`). */
  projects: boolean;
  /** Members (`member:admin`: an admin's session). */
  members: boolean;
  /** Organization tokens (`org:admin`: an admin's session). */
  tokens: boolean;
}

export function useAccess() {
  return useQuery({
    queryKey: ["settings-access"],
    queryFn: async (): Promise<Access> => {
      const index = await apiGet<{ auth: { scopes: string[] } | null }>("/");
      const scopes = index.auth?.scopes ?? [];
      return {
        projects: scopes.includes("event:admin"),
        members: scopes.includes("member:admin"),
        tokens: scopes.includes("org:admin"),
      };
    },
    staleTime: 300_000,
  });
}

export function useSettingsQuery<T>(queryKey: QueryKey, path: string) {
  return useQuery({ queryKey, queryFn: () => apiGet<T>(path) });
}

/** A change through the API, which refreshes `invalidate` once it is done. */
export function useChange<TBody, TAnswer = unknown>(
  method: "POST" | "PUT" | "DELETE",
  path: (body: TBody) => string,
  invalidate: QueryKey,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => apiSend<TAnswer>(method, path(body), method === "DELETE" ? {} : { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: invalidate }),
  });
}
