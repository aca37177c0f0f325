// The JSON of the account, organization and project routes, in Sentry's shapes (see schemas.ts for how
// these schemas document the API and check its answers).
import { z } from "zod";
import { ALLOWED_DOMAINS_LIMIT, parseAllowedDomain } from "@sift/schemas";

const isoDate = z.string().describe("ISO 8601 date and time (UTC)");

const avatarSchema = z.object({
  avatarType: z.string().describe('always `"letter_avatar"`'),
  avatarUuid: z.null(),
  avatarUrl: z.null(),
});

/** Who a token acts as: Sift's tokens belong to an organization, not to a person. */
/** Sift's, for a signed-in user: the organization the session is signed in to, the role, the expiry. */
const sessionInfoSchema = z
  .object({
    organization: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    role: z.string().describe("`member` or `admin`"),
    scopes: z.array(z.string()).describe("what the role allows, as token scopes"),
    expires: isoDate,
  })
  .describe("a signed-in user's session (absent for a token)");

export const tokenUserSchema = z
  .object({
    id: z.string().describe("`token:<id>`: the token itself"),
    name: z.string().describe("the token's name, or `API token <id>`"),
    username: z.string(),
    email: z.string().describe('`""`: a token has no email address'),
    avatarUrl: z.string(),
    isActive: z.boolean(),
    isSuspended: z.boolean(),
    hasPasswordAuth: z.boolean(),
    isManaged: z.boolean(),
    dateJoined: isoDate,
    lastLogin: isoDate.nullable(),
    has2fa: z.boolean(),
    lastActive: isoDate.nullable(),
    isSuperuser: z.boolean(),
    isStaff: z.boolean(),
    experiments: z.record(z.string(), z.unknown()),
    emails: z.array(z.object({ id: z.string(), email: z.string(), is_verified: z.boolean() })),
    avatar: avatarSchema,
    options: z.record(z.string(), z.unknown()),
    flags: z.record(z.string(), z.unknown()),
    identities: z.array(z.unknown()),
    authenticators: z.array(z.unknown()),
    canReset2fa: z.boolean(),
    permissions: z.array(z.string()),
    session: sessionInfoSchema.optional(),
  })
  .meta({ id: "User", description: "Sentry's user JSON for the caller: a signed-in user, or a token" });

export const apiIndexSchema = z
  .object({
    version: z.literal("0"),
    auth: z
      .object({ scopes: z.array(z.string()).describe("the token's scopes, with those they imply") })
      .nullable()
      .describe("null without a token"),
    user: tokenUserSchema.nullable(),
  })
  .meta({ id: "ApiIndex" });

export const organizationSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    status: z.object({ id: z.string(), name: z.string() }),
    name: z.string(),
    dateCreated: isoDate,
    isEarlyAdopter: z.boolean(),
    require2FA: z.boolean(),
    avatar: avatarSchema,
    links: z.object({
      organizationUrl: z.string().describe("this server's base URL"),
      regionUrl: z.string().describe("this server's base URL (Sift has one region)"),
    }),
    hasAuthProvider: z.boolean(),
    allowMemberInvite: z.boolean(),
    allowMemberProjectCreation: z.boolean(),
    allowSuperuserAccess: z.boolean(),
    features: z.array(z.string()).describe("the organization's feature flags"),
    extraOptions: z.record(z.string(), z.record(z.string(), z.unknown())),
    access: z.array(z.string()).describe("what the caller may do: the token's scopes"),
    onboardingTasks: z.array(z.unknown()),
  })
  .meta({ id: "Organization" });

export const organizationListSchema = z.array(organizationSchema);

const teamSchema = z.object({ id: z.string(), name: z.string(), slug: z.string() });

/** Sentry's `has…` flags of a project: Sift has none of these data kinds. */
export const PROJECT_FLAGS = [
  "hasFeedbacks",
  "hasFlags",
  "hasMinifiedStackTrace",
  "hasMonitors",
  "hasNewFeedbacks",
  "hasProfiles",
  "hasReplays",
  "hasSessions",
  "hasInsightsHttp",
  "hasInsightsDb",
  "hasInsightsAssets",
  "hasInsightsAppStart",
  "hasInsightsScreenLoad",
  "hasInsightsVitals",
  "hasInsightsCaches",
  "hasInsightsQueues",
  "hasInsightsAgentMonitoring",
  "hasInsightsMCP",
  "hasLogs",
  "hasTraceMetrics",
  "hasUserReports",
] as const;

const projectFlags = Object.fromEntries(PROJECT_FLAGS.map((flag) => [flag, z.boolean()])) as Record<
  (typeof PROJECT_FLAGS)[number],
  z.ZodBoolean
>;

/** Sentry's project summary (the organization's project list). */
export const projectSummarySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    platform: z.string().nullable(),
    dateCreated: isoDate,
    isBookmarked: z.boolean(),
    isMember: z.boolean(),
    features: z.array(z.string()),
    firstEvent: isoDate.nullable().describe("when its first issue was first seen"),
    firstTransactionEvent: z.boolean(),
    access: z.array(z.string()),
    hasAccess: z.boolean(),
    ...projectFlags,
    team: teamSchema.nullable(),
    teams: z.array(teamSchema),
    platforms: z.array(z.string()),
    environments: z.array(z.string()).describe("the environments its issues were seen in"),
    latestRelease: z.object({ version: z.string() }).nullable(),
    latestDeploys: z.null(),
    options: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "ProjectSummary" });

export const projectListSchema = z.array(projectSummarySchema);

/** Sentry's project details. */
export const projectDetailsSchema = projectSummarySchema
  .omit({ latestDeploys: true, environments: true, team: true })
  .extend({
    team: teamSchema.optional().describe("the first team, absent when none"),
    isInternal: z.boolean(),
    isPublic: z.boolean(),
    avatar: avatarSchema,
    color: z.string(),
    status: z.string(),
    digestsMinDelay: z.number(),
    digestsMaxDelay: z.number(),
    subjectPrefix: z.string(),
    allowedDomains: z.array(z.string()),
    resolveAge: z.number().describe("hours without an event after which an issue is resolved (0: never)"),
    dataScrubber: z.boolean(),
    dataScrubberDefaults: z.boolean(),
    safeFields: z.array(z.string()),
    storeCrashReports: z.number().nullable(),
    sensitiveFields: z.array(z.string()),
    subjectTemplate: z.string(),
    securityToken: z.string(),
    securityTokenHeader: z.string().nullable(),
    verifySSL: z.boolean(),
    scrubIPAddresses: z.boolean(),
    scrapeJavaScript: z.boolean(),
    enableAutoReleaseCreation: z.boolean(),
    highlightTags: z.array(z.string()),
    highlightContext: z.record(z.string(), z.unknown()),
    highlightPreset: z.object({ tags: z.array(z.string()), context: z.record(z.string(), z.unknown()) }),
    groupingConfig: z.string(),
    derivedGroupingEnhancements: z.string(),
    groupingEnhancements: z.string(),
    secondaryGroupingExpiry: z.number(),
    secondaryGroupingConfig: z.string().nullable(),
    fingerprintingRules: z.string(),
    organization: organizationSchema,
    processingIssues: z.number(),
    defaultEnvironment: z.string().nullable(),
    relayPiiConfig: z.string().nullable(),
    builtinSymbolSources: z.array(z.string()),
    dynamicSamplingBiases: z.null(),
    symbolSources: z.string(),
    isDynamicallySampled: z.boolean(),
    tempestFetchScreenshots: z.boolean(),
    autofixAutomationTuning: z.string(),
    seerScannerAutomation: z.boolean(),
    seerNightshiftTweaks: z.null(),
    scmSourceContextEnabled: z.boolean(),
    debugFilesRole: z.string().nullable(),
  })
  .meta({ id: "ProjectDetails" });

/** The project PUT body: what Sift keeps of a project (other Sentry settings are refused). */
/** A project's or a team's slug, as Sentry's: lower case, digits, `-` and `_`, not only digits. */
export const slugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, "lower-case letters, digits, `-` and `_`, at most 50")
  .refine((s) => !/^\d+$/.test(s), "a slug cannot be only digits");

export const projectUpdateBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  slug: slugSchema.optional(),
  platform: z.string().trim().max(64).nullable().optional(),
  allowedDomains: z
    .array(
      z
        .string()
        .trim()
        .refine((entry) => parseAllowedDomain(entry) !== null, {
          error: (issue) =>
            `"${String(issue.input)}" is not an origin: use *, example.com, *.example.com or https://example.com:8080`,
        }),
    )
    .max(ALLOWED_DOMAINS_LIMIT.entries)
    .optional()
    .describe("origins the project's browser SDKs may send events from; * for any"),
});

export type TokenUserJson = z.output<typeof tokenUserSchema>;
export type OrganizationJson = z.output<typeof organizationSchema>;
export type ProjectSummaryJson = z.output<typeof projectSummarySchema>;
export type ProjectDetailsJson = z.output<typeof projectDetailsSchema>;
