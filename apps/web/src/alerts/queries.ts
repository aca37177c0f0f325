// The alert pages' calls to the public API: a project's rules (`…/rules/`), one rule with its firings,
// the organization's integration installations and the project's delivery log (`…/alert-deliveries/`).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPage, apiSend } from "../api/client.js";
import type { Rule, RuleBody } from "./rule-model.js";

export interface Installation {
  uuid: string;
  app: { uuid: string; slug: string };
}

export interface DeliveryAttempt {
  attempt: number;
  dateStarted: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  outcome: "delivered" | "retry" | "failed";
}

export interface Delivery {
  id: string;
  requestId: string;
  resource: string;
  action: "sentry_app" | "webhooks" | "email" | "slack";
  /** The rules that fired together for this message (none for an issue webhook). */
  ruleIds: string[];
  issueId: string | null;
  destination: string;
  status: "pending" | "delivered" | "failed";
  attempts: DeliveryAttempt[];
  dateCreated: string;
  dateFinished: string | null;
  nextAttempt: string | null;
  lastError: string | null;
}

const enc = encodeURIComponent;
export const projectApi = (org: string, project: string) => `/projects/${enc(org)}/${enc(project)}`;

/** The UI's paths (Sentry's): the rules list, a rule's details and editor, a new rule, the log. */
export const alertPaths = {
  rules: (org: string, project?: string) =>
    `/organizations/${enc(org)}/alerts/rules/${project ? `?project=${enc(project)}` : ""}`,
  details: (org: string, project: string, ruleId: string) =>
    `/organizations/${enc(org)}/alerts/rules/${enc(project)}/${enc(ruleId)}/details/`,
  edit: (org: string, project: string, ruleId: string) =>
    `/organizations/${enc(org)}/alerts/rules/${enc(project)}/${enc(ruleId)}/`,
  create: (org: string, project: string) =>
    `/organizations/${enc(org)}/alerts/new/issue/?project=${enc(project)}`,
  log: (org: string, project?: string) =>
    `/organizations/${enc(org)}/alerts/${project ? `?project=${enc(project)}` : ""}`,
  issue: (org: string, issueId: string) => `/organizations/${enc(org)}/issues/${enc(issueId)}/`,
};

const ruleKey = (org: string, project: string, ruleId: string) => ["alert-rule", org, project, ruleId];

export function useRules(org: string, project: string | null) {
  return useQuery({
    queryKey: ["alert-rules", org, project],
    enabled: project !== null,
    queryFn: () => apiGet<Rule[]>(`${projectApi(org, project!)}/rules/`),
  });
}

/** One rule with its last firings; `live` re-reads it while its page is open (new firings show). */
export function useRule(org: string, project: string, ruleId: string | undefined, live = false) {
  return useQuery({
    queryKey: ruleKey(org, project, ruleId ?? ""),
    enabled: ruleId !== undefined,
    refetchInterval: live ? 5_000 : false,
    queryFn: () => apiGet<Rule>(`${projectApi(org, project)}/rules/${enc(ruleId!)}/`),
  });
}

export function useInstallations(org: string) {
  return useQuery({
    queryKey: ["sentry-app-installations", org],
    queryFn: () => apiGet<Installation[]>(`/organizations/${enc(org)}/sentry-app-installations/`),
    staleTime: 60_000,
  });
}

export function useDeliveries(
  org: string,
  project: string | null,
  filter: { rule?: string; status?: string; cursor?: string | null },
) {
  return useQuery({
    queryKey: ["alert-deliveries", org, project, filter],
    enabled: project !== null,
    queryFn: () =>
      apiPage<Delivery>(`${projectApi(org, project!)}/alert-deliveries/`, {
        rule: filter.rule,
        status: filter.status || undefined,
        cursor: filter.cursor ?? undefined,
        per_page: 25,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 3_000,
  });
}

/** Creates (no `ruleId`) or replaces a rule; the caches of its project's rules are refreshed. */
export function useSaveRule(org: string, project: string, ruleId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RuleBody) =>
      ruleId === undefined
        ? apiSend<Rule>("POST", `${projectApi(org, project)}/rules/`, { body })
        : apiSend<Rule>("PUT", `${projectApi(org, project)}/rules/${enc(ruleId)}/`, { body }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ["alert-rules", org, project] });
      if (ruleId !== undefined) await client.invalidateQueries({ queryKey: ruleKey(org, project, ruleId) });
    },
  });
}

export function useDeleteRule(org: string, project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => apiSend("DELETE", `${projectApi(org, project)}/rules/${enc(ruleId)}/`),
    onSuccess: async (_answer, ruleId) => {
      client.removeQueries({ queryKey: ruleKey(org, project, ruleId) });
      await client.invalidateQueries({ queryKey: ["alert-rules", org, project] });
    },
  });
}
