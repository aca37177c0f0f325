import { parseReleaseVersion } from "@sift/schemas";
import type { Deploy, ReleaseDetails, Repository } from "@sift/storage";
import { iso, serializeCommit } from "./common.js";
import type { DeployJson, ReleaseJson, RepositoryJson } from "./release-schemas.js";

export function serializeDeploy(d: Deploy): DeployJson {
  return {
    id: String(d.id),
    environment: d.environment,
    dateStarted: iso(d.dateStarted),
    dateFinished: iso(d.dateFinished)!,
    name: d.name,
    url: d.url,
  };
}

export function serializeRepository(r: Repository): RepositoryJson {
  return {
    id: String(r.id),
    name: r.name,
    url: null,
    provider: { id: "unknown", name: "Unknown Provider" },
    status: "active",
    dateCreated: iso(r.dateCreated)!,
    integrationId: null,
    externalSlug: null,
    externalId: null,
  };
}

/** Sentry's release JSON, as far as Sift keeps release data. */
export function serializeRelease(r: ReleaseDetails): ReleaseJson {
  const parsed = parseReleaseVersion(r.version);
  return {
    id: r.id,
    version: r.version,
    shortVersion: r.version,
    status: r.status === 0 ? "open" : "archived",
    versionInfo: {
      package: parsed?.package ?? null,
      version: { raw: r.version },
      description: r.version,
      buildHash: null,
    },
    ref: r.ref,
    url: r.url,
    dateReleased: iso(r.dateReleased),
    dateCreated: iso(r.dateAdded),
    data: {},
    newGroups: r.newGroups,
    owner: null,
    commitCount: r.commitCount,
    lastCommit: r.lastCommit ? serializeCommit(r.lastCommit) : null,
    deployCount: r.deployCount,
    lastDeploy: r.lastDeploy ? serializeDeploy(r.lastDeploy) : null,
    authors: [],
    projects: r.projects.map((p) => ({
      id: p.id,
      slug: p.slug,
      name: p.name,
      platform: p.platform,
      platforms: p.platform ? [p.platform] : [],
      newGroups: p.newGroups,
      hasHealthData: false,
    })),
    firstEvent: iso(r.firstEvent),
    lastEvent: iso(r.lastEvent),
    currentProjectMeta: {},
    userAgent: null,
    refs: r.headCommits.map((h) => ({
      repository: h.repository,
      commit: h.commit,
      previousCommit: h.previousCommit,
    })),
    headCommits: r.headCommits.map((h) => ({
      repository: h.repository,
      currentId: h.commit,
      previousId: h.previousCommit,
    })),
  };
}
