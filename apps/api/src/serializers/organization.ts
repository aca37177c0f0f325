import { TOKEN_SCOPES, scopeAllows } from "@sift/schemas";
import type { ApiToken, Organization, Project, ProjectSummary } from "@sift/storage";
import { iso } from "./common.js";
import { PROJECT_FLAGS } from "./organization-schemas.js";
import type {
  OrganizationJson,
  ProjectDetailsJson,
  ProjectSummaryJson,
  TokenUserJson,
} from "./organization-schemas.js";

const LETTER_AVATAR = { avatarType: "letter_avatar", avatarUuid: null, avatarUrl: null };

/** The fields of Sentry's own-user JSON that are the same for every Sift caller (token or person). */
export const CALLER_USER_CONSTANTS = {
  isActive: true,
  isSuspended: false,
  has2fa: false,
  isSuperuser: false,
  isStaff: false,
  experiments: {},
  avatar: LETTER_AVATAR,
  options: {},
  flags: {},
  identities: [],
  authenticators: [],
  canReset2fa: false,
  permissions: [],
} as const;

/**
 * The scopes of a token or a signed-in user's role, with those they imply (`event:admin` ⊃
 * `event:write` ⊃ `event:read`).
 */
export function grantedScopes(scopes: readonly string[]): string[] {
  return [...new Set([...TOKEN_SCOPES.filter((scope) => scopeAllows(scopes, scope)), ...scopes])];
}

/** Sentry's user JSON for a token: the caller is the token itself (it belongs to no person). */
export function serializeTokenUser(token: ApiToken): TokenUserJson {
  const id = `token:${token.id}`;
  return {
    id,
    name: token.name || `API token ${token.id}`,
    username: id,
    email: "",
    avatarUrl: "",
    ...CALLER_USER_CONSTANTS,
    identities: [],
    authenticators: [],
    permissions: [],
    hasPasswordAuth: false,
    isManaged: true,
    dateJoined: token.createdAt.toISOString(),
    lastLogin: null,
    lastActive: iso(token.lastUsedAt),
    emails: [],
  };
}

export interface OrganizationContext {
  organization: Organization;
  features: ReadonlySet<string>;
  /** What the caller may do (its scopes). */
  access: readonly string[];
  baseUrl: string;
}

/** Sentry's organization JSON. */
export function serializeOrganization(ctx: OrganizationContext): OrganizationJson {
  const org = ctx.organization;
  return {
    id: String(org.id),
    slug: org.slug,
    status: { id: "active", name: "active" },
    name: org.name,
    dateCreated: org.createdAt.toISOString(),
    isEarlyAdopter: false,
    require2FA: false,
    avatar: LETTER_AVATAR,
    links: { organizationUrl: ctx.baseUrl, regionUrl: ctx.baseUrl },
    hasAuthProvider: false,
    allowMemberInvite: false,
    allowMemberProjectCreation: false,
    allowSuperuserAccess: false,
    features: [...ctx.features].sort(),
    extraOptions: {},
    access: [...ctx.access],
    onboardingTasks: [],
  };
}

/** Sentry's project summary. */
export function serializeProjectSummary(
  project: Project,
  summary: ProjectSummary,
  access: readonly string[],
): ProjectSummaryJson {
  const teams = summary.teams.map((t) => ({ id: String(t.id), name: t.name, slug: t.slug }));
  return {
    id: String(project.id),
    slug: project.slug,
    name: project.name,
    platform: project.platform,
    dateCreated: summary.createdAt.toISOString(),
    isBookmarked: false,
    isMember: true,
    features: [],
    firstEvent: iso(summary.firstEvent),
    firstTransactionEvent: false,
    access: [...access],
    hasAccess: true,
    ...(Object.fromEntries(PROJECT_FLAGS.map((flag) => [flag, false])) as Record<
      (typeof PROJECT_FLAGS)[number],
      boolean
    >),
    team: teams[0] ?? null,
    teams,
    platforms: project.platform ? [project.platform] : [],
    environments: summary.environments,
    latestRelease: summary.latestRelease === null ? null : { version: summary.latestRelease },
    latestDeploys: null,
    options: {},
  };
}

/** Sentry's project details: the summary with the project's settings (Sentry's defaults where Sift has none). */
export function serializeProjectDetails(
  project: Project,
  summary: ProjectSummary,
  org: OrganizationContext,
): ProjectDetailsJson {
  const {
    latestDeploys: _d,
    environments: _e,
    team,
    ...base
  } = serializeProjectSummary(project, summary, org.access);
  return {
    ...base,
    ...(team ? { team } : {}),
    isInternal: false,
    isPublic: false,
    avatar: LETTER_AVATAR,
    color: "#3f70bf",
    status: "active",
    digestsMinDelay: 300,
    digestsMaxDelay: 1800,
    subjectPrefix: "",
    allowedDomains: project.allowedDomains,
    resolveAge: project.resolveAgeHours,
    dataScrubber: false,
    dataScrubberDefaults: false,
    safeFields: [],
    storeCrashReports: null,
    sensitiveFields: [],
    subjectTemplate: "$shortID - $title",
    securityToken: "",
    securityTokenHeader: null,
    verifySSL: false,
    scrubIPAddresses: false,
    scrapeJavaScript: false,
    enableAutoReleaseCreation: true,
    highlightTags: [],
    highlightContext: {},
    highlightPreset: { tags: [], context: {} },
    groupingConfig: "",
    derivedGroupingEnhancements: "",
    groupingEnhancements: "",
    secondaryGroupingExpiry: 0,
    secondaryGroupingConfig: null,
    fingerprintingRules: "",
    organization: serializeOrganization(org),
    processingIssues: 0,
    defaultEnvironment: null,
    relayPiiConfig: null,
    builtinSymbolSources: [],
    dynamicSamplingBiases: null,
    symbolSources: "[]",
    isDynamicallySampled: false,
    tempestFetchScreenshots: false,
    autofixAutomationTuning: "off",
    seerScannerAutomation: false,
    seerNightshiftTweaks: null,
    scmSourceContextEnabled: false,
    debugFilesRole: null,
  };
}
