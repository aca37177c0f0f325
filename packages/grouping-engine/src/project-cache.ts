import type { Clock } from "@sift/schemas";
import { getOrganizationFeatures, getProjectsByIds } from "@sift/storage";
import type { Db, Project } from "@sift/storage";

export interface ProjectContext {
  project: Project;
  features: ReadonlySet<string>;
}

/** Projects and their organisation's feature flags, cached for `ttlMs` (0 = always read). */
export class ProjectCache {
  private readonly entries = new Map<number, { value: ProjectContext; expires: number }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async get(ids: Iterable<number>): Promise<Map<number, ProjectContext>> {
    const now = this.clock.now().getTime();
    const result = new Map<number, ProjectContext>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const entry = this.entries.get(id);
      if (entry && entry.expires > now) result.set(id, entry.value);
      else missing.push(id);
    }
    if (missing.length === 0) return result;
    const projects = await getProjectsByIds(this.db, missing);
    const features = await getOrganizationFeatures(this.db, [
      ...new Set(projects.map((p) => p.organizationId)),
    ]);
    for (const project of projects) {
      const value = { project, features: features.get(project.organizationId) ?? new Set<string>() };
      result.set(project.id, value);
      if (this.ttlMs > 0) this.entries.set(project.id, { value, expires: now + this.ttlMs });
    }
    return result;
  }

  clear(): void {
    this.entries.clear();
  }
}
