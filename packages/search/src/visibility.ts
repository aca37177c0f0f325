import { groupTypes, visibleFeatureFlag } from "@sift/schemas";
import type { GroupTypeRegistry } from "@sift/schemas";

/**
 * Issue types an organization sees in search: every released type, and each unreleased type whose
 * `{slug}-visible` feature flag the organization has.
 */
export function visibleTypeIds(
  features: ReadonlySet<string> | readonly string[],
  types: GroupTypeRegistry = groupTypes,
): number[] {
  const flags = new Set(features);
  return types
    .all()
    .filter((t) => t.released || flags.has(visibleFeatureFlag(t)))
    .map((t) => t.id);
}
