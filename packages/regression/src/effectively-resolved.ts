import { GroupStatus } from "@sift/schemas";

export interface EffectivelyResolvedOptions {
  /** The project's `resolve_age_hours`; 0 turns auto-resolve by age off. */
  resolveAgeHours: number;
  /** The issue type's `enableAutoResolve`; false turns auto-resolve by age off. */
  autoResolveEnabled: boolean;
  now: Date;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * RESOLVED, or UNRESOLVED and not seen for longer than the project's resolve age
 * (auto-resolved by age). IGNORED (and every other status) is never effectively resolved.
 */
export function isEffectivelyResolved(
  issue: { status: number; lastSeen: Date },
  options: EffectivelyResolvedOptions,
): boolean {
  if (issue.status === GroupStatus.RESOLVED) return true;
  if (issue.status !== GroupStatus.UNRESOLVED) return false;
  if (!options.autoResolveEnabled || !(options.resolveAgeHours > 0)) return false;
  return issue.lastSeen.getTime() < options.now.getTime() - options.resolveAgeHours * HOUR_MS;
}
