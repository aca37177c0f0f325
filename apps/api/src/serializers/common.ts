import type { CommitInfo, Team, User } from "@sift/storage";
import type { ActorJson, CommitJson, UserJson } from "./schemas.js";

export const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

export type { ActorJson };

const displayName = (user: User): string => user.name || user.username || user.email;

export function userActor(user: User): ActorJson {
  return { type: "user", id: String(user.id), name: displayName(user), email: user.email };
}

/** Sentry's user JSON (an activity's author, the signed-in user). */
export function serializeUser(user: User): UserJson {
  return {
    id: String(user.id),
    name: displayName(user),
    username: user.username,
    email: user.email,
    avatarUrl: null,
  };
}

export function teamActor(team: Team): ActorJson {
  return { type: "team", id: String(team.id), name: team.slug };
}

/** Sentry's CommitSerializer, as far as Sift stores commits. */
export function serializeCommit(commit: CommitInfo): CommitJson {
  return {
    id: commit.key,
    message: commit.message,
    dateCreated: iso(commit.dateAdded),
    pullRequest: null,
    repository: {
      id: String(commit.repositoryId),
      name: commit.repositoryName,
      url: null,
      provider: null,
      status: "active",
    },
    author: commit.authorEmail ? { email: commit.authorEmail, name: commit.authorEmail } : null,
  };
}
