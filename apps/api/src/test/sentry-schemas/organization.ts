// Sentry's organization JSON: `listOrganizations` (an array of these) and `getOrganization`.
import { z } from "zod";
import { avatar, dateTime } from "./common.js";

export const sentryOrganization = z.object({
  features: z.array(z.string()).optional(),
  extraOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  access: z.array(z.string()).optional(),
  onboardingTasks: z
    .array(
      z.object({
        task: z.string().nullable(),
        status: z.string(),
        completionSeen: dateTime.nullable(),
        dateCompleted: dateTime,
        data: z.unknown(),
      }),
    )
    .optional(),
  id: z.string(),
  slug: z.string(),
  status: z.object({ id: z.string(), name: z.string() }),
  name: z.string(),
  dateCreated: dateTime,
  isEarlyAdopter: z.boolean(),
  require2FA: z.boolean(),
  avatar,
  links: z.object({ organizationUrl: z.string(), regionUrl: z.string() }),
  hasAuthProvider: z.boolean(),
  allowMemberInvite: z.boolean(),
  allowMemberProjectCreation: z.boolean(),
  allowSuperuserAccess: z.boolean(),
});

export const sentryOrganizationList = z.array(sentryOrganization);
