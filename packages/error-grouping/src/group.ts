import { contributes, contributingValues, md5Hex } from "./component.js";
import type { ErrorEvent, ErrorGrouping, GroupingVariant } from "./event.js";
import { isDefaultEntry, resolveFingerprintEntry } from "./fingerprint.js";
import { errorCulprit, errorMetadata, errorTitle, lastException } from "./metadata.js";
import { normalizeFramePaths } from "./normalize.js";
import { defaultVariants } from "./strategies.js";
import type { DefaultVariantName, DefaultVariants } from "./strategies.js";

const DEFAULT_FINGERPRINT = ["{{ default }}"];
/** Hash order: the most specific variant first, `system` last. */
const VARIANT_ORDER: DefaultVariantName[] = ["app", "default", "system"];

function groupingHashes(
  event: ErrorEvent,
  variants: DefaultVariants,
): { hashes: string[]; variant: GroupingVariant } {
  const fingerprint = (event.fingerprint?.length ? event.fingerprint : DEFAULT_FINGERPRINT).map((entry) =>
    resolveFingerprintEntry(entry, event),
  );
  if (!fingerprint.some(isDefaultEntry)) {
    return { hashes: [md5Hex(fingerprint)], variant: "custom_fingerprint" };
  }
  const salted = fingerprint.length > 1;
  const found: { hash: string; variant: GroupingVariant }[] = [];
  for (const name of VARIANT_ORDER) {
    const c = variants[name];
    if (!c || !contributes(c)) continue;
    const values = contributingValues(c);
    // A fingerprint with `{{ default }}` among other entries salts each variant's values.
    const parts = salted
      ? fingerprint.flatMap((entry) => (isDefaultEntry(entry) ? values : [entry]))
      : values;
    found.push({ hash: md5Hex(parts), variant: name });
  }
  const [first] = found;
  if (!first) return { hashes: [md5Hex([])], variant: "fallback" };
  return { hashes: found.map((f) => f.hash), variant: first.variant };
}

/**
 * Groups an SDK error event as Sentry does by default: its hashes (the issue it belongs to is the
 * one owning any of them), its title, culprit and metadata.
 */
export function groupErrorEvent(input: ErrorEvent): ErrorGrouping {
  const event = normalizeFramePaths(input);
  const { variants, main = lastException(event) } = defaultVariants(event);
  const metadata = errorMetadata(event, main);
  const { hashes, variant } = groupingHashes(event, variants);
  return {
    hashes,
    title: errorTitle(event, main, metadata),
    culprit: errorCulprit(event),
    metadata,
    variant,
  };
}
