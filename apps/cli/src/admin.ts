import {
  addOrganizationMember,
  addTeamMember,
  createApiToken,
  createOrganization,
  createProject,
  createTeam,
  createUser,
  getOrganizationBySlug,
  getTeamBySlug,
  getUserByEmail,
  revokeSessionsOfUser,
  setOrganizationFeature,
  setOrganizationMemberRole,
  setUserPassword,
} from "@sift/storage";
import { hashPassword } from "@sift/schemas";
import type { Db } from "@sift/storage";
import type { AdminCommand } from "./commands.js";
import { CliFailure } from "./errors.js";
import type { CommandOutput } from "./issues.js";

// The commands that work on the database directly: organizations, features, projects, tokens, users
// and teams. Each answers a human sentence and the JSON printed with --json.

/** Stores a new password hash and revokes the user's sessions; answers how many were revoked. */
async function setPassword(db: Db, userId: number, password: string): Promise<number> {
  const hash = await hashPassword(password);
  return db.transaction(async (trx) => {
    await setUserPassword(trx, userId, hash);
    return revokeSessionsOfUser(trx, userId, new Date());
  });
}

/** Runs `work`; a unique violation (a slug, id or name already taken) fails with the sentence `taken`. */
async function unlessTaken<T>(taken: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: unknown }).code === "23505") throw new CliFailure(taken);
    throw error;
  }
}

async function requireOrg(db: Db, slug: string): Promise<{ id: number; slug: string }> {
  const org = await getOrganizationBySlug(db, slug);
  if (!org)
    throw new CliFailure(`organization "${slug}" does not exist (create it with: sift org create ${slug})`);
  return org;
}

type Handlers = {
  [K in AdminCommand["kind"]]: (
    command: Extract<AdminCommand, { kind: K }>,
    db: Db,
  ) => Promise<CommandOutput>;
};

const HANDLERS: Handlers = {
  "org-create": async (command, db) => {
    return unlessTaken(`organization "${command.slug}" already exists`, async () => {
      const org = await createOrganization(db, command.slug, command.name ?? command.slug);
      return {
        message: `Created organization ${org.slug} (id ${org.id})`,
        json: { id: org.id, slug: org.slug, name: org.name },
      };
    });
  },
  "org-feature": async (command, db) => {
    const org = await requireOrg(db, command.org);
    await setOrganizationFeature(db, org.id, command.flag, command.enabled);
    return {
      message: `Feature ${command.flag} is ${command.enabled ? "on" : "off"} for ${org.slug}`,
      json: { organization: org.slug, flag: command.flag, enabled: command.enabled },
    };
  },
  "project-create": async (command, db) => {
    const org = await requireOrg(db, command.org);
    return unlessTaken(
      command.id !== null
        ? `a project with slug "${command.slug}" in ${org.slug} or with id ${command.id} already exists`
        : `project "${command.slug}" already exists in ${org.slug}`,
      async () => {
        const project = await createProject(db, {
          organizationId: org.id,
          slug: command.slug,
          name: command.name ?? command.slug,
          id: command.id ?? undefined,
          platform: command.platform,
        });
        return {
          message: `Created project ${org.slug}/${project.slug} (id ${project.id})`,
          json: { id: project.id, slug: project.slug, name: project.name, organization: org.slug },
        };
      },
    );
  },
  "token-create": async (command, db) => {
    const org = await requireOrg(db, command.org);
    const { token, record } = await createApiToken(db, {
      organizationId: org.id,
      scopes: command.scopes,
      name: command.name ?? "",
    });
    return {
      message: `${token}\n\nToken ${record.id} for ${org.slug} with scopes ${record.scopes.join(", ")}. It is shown only once: store it now.`,
      json: { id: record.id, token, organization: org.slug, scopes: record.scopes, name: record.name },
    };
  },
  "user-create": async (command, db) => {
    const org = await requireOrg(db, command.org);
    return unlessTaken(`username "${command.username ?? command.email}" is taken`, async () => {
      const { user, created } = await createUser(db, {
        email: command.email,
        username: command.username ?? undefined,
        name: command.name ?? undefined,
      });
      if (command.role === null) await addOrganizationMember(db, org.id, user.id);
      else await setOrganizationMemberRole(db, org.id, user.id, command.role);
      const withPassword = command.password.from === "text";
      if (command.password.from === "text") await setPassword(db, user.id, command.password.text);
      return {
        message: `${created ? "Created" : "Found"} user ${user.email} (id ${user.id}), ${command.role ?? "member"} of ${org.slug}${withPassword ? ", password set" : ""}`,
        json: {
          id: user.id,
          email: user.email,
          username: user.username,
          created,
          organization: org.slug,
          role: command.role ?? "member",
          password: withPassword,
        },
      };
    });
  },
  "user-password": async (command, db) => {
    const user = await getUserByEmail(db, command.email);
    if (!user)
      throw new CliFailure(`user "${command.email}" does not exist (create it with: sift user create)`);
    if (command.password.from !== "text") throw new CliFailure("--password-stdin is required");
    const revoked = await setPassword(db, user.id, command.password.text);
    return {
      message: `Password of ${user.email} set; ${revoked} session(s) signed out`,
      json: { id: user.id, email: user.email, sessionsRevoked: revoked },
    };
  },
  "team-create": async (command, db) => {
    const org = await requireOrg(db, command.org);
    return unlessTaken(`team "${command.slug}" already exists in ${org.slug}`, async () => {
      const team = await createTeam(db, {
        organizationId: org.id,
        slug: command.slug,
        name: command.name ?? undefined,
      });
      return {
        message: `Created team ${org.slug}/${team.slug} (id ${team.id})`,
        json: { id: team.id, slug: team.slug, name: team.name, organization: org.slug },
      };
    });
  },
  "team-add-member": async (command, db) => {
    const org = await requireOrg(db, command.org);
    const team = await getTeamBySlug(db, org.id, command.team);
    if (!team) throw new CliFailure(`team "${command.team}" does not exist in ${org.slug}`);
    const user = await getUserByEmail(db, command.email);
    if (!user)
      throw new CliFailure(`user "${command.email}" does not exist (create it with: sift user create)`);
    await addOrganizationMember(db, org.id, user.id);
    await addTeamMember(db, team.id, user.id);
    return {
      message: `Added ${user.email} to team ${org.slug}/${team.slug}`,
      json: { team: team.slug, user: user.email, organization: org.slug },
    };
  },
};

/** Runs one admin command on the database. */
export function runAdminCommand(command: AdminCommand, db: Db): Promise<CommandOutput> {
  const handler = HANDLERS[command.kind] as (command: AdminCommand, db: Db) => Promise<CommandOutput>;
  return handler(command, db);
}
