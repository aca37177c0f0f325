import { createHash } from "node:crypto";

/**
 * A node of the grouping tree (Sentry's "grouping component"): leaf strings or child components. A
 * component contributes to the hash when it is not switched off and has a contributing value; the
 * hash is md5 over the contributing leaf strings, depth first, with no separator.
 */
export interface Component {
  id: string;
  values: (string | Component)[];
  /** false: switched off (the `hint` says why); the component then adds nothing to the hash. */
  enabled: boolean;
  hint?: string;
}

export function component(id: string, values: (string | Component | undefined)[] = []): Component {
  return { id, values: values.filter((v): v is string | Component => v !== undefined), enabled: true };
}

/** A component with one string value, or an empty one when the value is missing or empty. */
export function leaf(id: string, value: string | undefined): Component {
  return component(id, value ? [value] : []);
}

export function disable(c: Component, hint: string): void {
  if (!c.enabled) return;
  c.enabled = false;
  c.hint = hint;
}

export function contributes(c: Component): boolean {
  return c.enabled && c.values.some((v) => typeof v === "string" || contributes(v));
}

export function contributingValues(c: Component, into: string[] = []): string[] {
  if (!c.enabled) return into;
  for (const v of c.values) {
    if (typeof v === "string") into.push(v);
    else contributingValues(v, into);
  }
  return into;
}

/** Whether the tree holds a contributing component with this id. */
export function hasContributing(c: Component, id: string): boolean {
  if (!contributes(c)) return false;
  if (c.id === id) return true;
  return c.values.some((v) => typeof v !== "string" && hasContributing(v, id));
}

export function md5Hex(values: readonly string[]): string {
  return createHash("md5").update(values.join(""), "utf8").digest("hex");
}

export function componentHash(c: Component): string {
  return md5Hex(contributingValues(c));
}
