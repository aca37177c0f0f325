import { parseReleaseVersion } from "@sift/schemas";
import type { ReleaseDetails } from "@sift/storage";
import { iso, serializeCommit } from "./common.js";
import type { ReleaseJson } from "./schemas.js";

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
    ref: null,
    url: null,
    dateReleased: iso(r.dateReleased),
    dateCreated: iso(r.dateAdded),
    data: {},
    newGroups: r.newGroups,
    owner: null,
    commitCount: r.commitCount,
    lastCommit: r.lastCommit ? serializeCommit(r.lastCommit) : null,
    deployCount: 0,
    lastDeploy: null,
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
  };
}
