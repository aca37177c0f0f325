/** Platforms whose source is trusted enough to group by the frame's line of code. */
const CONTEXT_LINE_PLATFORMS = new Set(["javascript", "node", "python", "php", "ruby"]);
const NATIVE_PLATFORMS = new Set(["objc", "cocoa", "swift", "native", "c"]);

export type BehaviorFamily = "javascript" | "native" | "other";

export function behaviorFamily(platform: string | undefined): BehaviorFamily {
  if (platform === "javascript" || platform === "node") return "javascript";
  if (platform !== undefined && NATIVE_PLATFORMS.has(platform)) return "native";
  return "other";
}

export function usesContextLine(platform: string | undefined): boolean {
  return platform !== undefined && CONTEXT_LINE_PLATFORMS.has(platform);
}

/**
 * Whether a frame's path is a web address (`http:`, `https:`, `applewebdata:`, `blob:`; `file:` only
 * when `allowFile` is false): its file name then says nothing stable about the code.
 */
export function hasUrlOrigin(path: string | undefined, allowFile: boolean): boolean {
  if (!path) return false;
  if (/^(https?|applewebdata|blob):/.test(path)) return true;
  if (path.startsWith("file:")) return !allowFile;
  return false;
}
