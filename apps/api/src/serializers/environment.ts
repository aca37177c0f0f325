import { z } from "zod";

// Sentry's environment JSON: EnvironmentSerializer (the organization's) and EnvironmentProjectSerializer.

export const environmentSchema = z
  .object({ id: z.string().describe("the environment's id"), name: z.string() })
  .meta({ id: "Environment" });

export const projectEnvironmentSchema = environmentSchema
  .extend({ isHidden: z.boolean().describe("hidden in the project (Sift hides none)") })
  .meta({ id: "ProjectEnvironment" });

export const environmentListSchema = z.array(environmentSchema);
export const projectEnvironmentListSchema = z.array(projectEnvironmentSchema);
