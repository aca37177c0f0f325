import { component, contributes, disable, leaf } from "./component.js";
import type { Component } from "./component.js";
import type { Frame } from "./event.js";
import { javaFilename, javaModule } from "./java.js";
import { behaviorFamily, hasUrlOrigin, usesContextLine } from "./platform.js";

const BASENAME_SPLIT = /[/\\]/;
const UNKNOWN_JS_FUNCTIONS = new Set(["?", "<anonymous function>", "<anonymous>", "Anonymous function"]);
const LOW_QUALITY_JS_PATHS = new Set(["[native code]", "native code", "eval code", "<anonymous>"]);
const RUBY_ERB_SUFFIX = /__\d{4,}_\d{4,}$/;
const CONTEXT_LINE_MAX = 120;

function moduleComponent(frame: Frame, platform: string | undefined): Component {
  const module = frame.module;
  if (module && platform === "java") {
    const cleaned = javaModule(module);
    const c = leaf("module", cleaned ?? module);
    if (cleaned === undefined) disable(c, "ignored java lambda");
    return c;
  }
  const c = leaf("module", module);
  if (module && platform === "javascript" && module.includes("/") && frame.abs_path?.endsWith(module)) {
    disable(c, "ignored bad javascript module");
  }
  return c;
}

function filenameComponent(frame: Frame, platform: string | undefined): Component {
  if (!frame.filename) return leaf("filename", undefined);
  const lower = (frame.filename.split(BASENAME_SPLIT).pop() ?? "").toLowerCase();
  const basename = platform === "java" ? javaFilename(lower) : lower;
  const c = leaf("filename", basename);
  if (hasUrlOrigin(frame.abs_path, true)) disable(c, "ignored because frame points to a URL");
  else if (basename === "<anonymous>") disable(c, "anonymous filename discarded");
  else if (basename === "[native code]") disable(c, "native code indicated by filename");
  return c;
}

function contextLineComponent(frame: Frame, family: string): Component {
  const raw = frame.context_line ?? "";
  const line = raw.replaceAll("\t", "  ").split(/\s+/).filter(Boolean).join(" ");
  const c = leaf("context-line", line);
  if (!line) return c;
  if (raw.length > CONTEXT_LINE_MAX) disable(c, "discarded because line too long");
  else if (family === "javascript" && !frame.function && hasUrlOrigin(frame.abs_path, false)) {
    disable(c, "discarded because from URL origin and no function");
  }
  return c;
}

function functionComponent(frame: Frame, platform: string | undefined): Component {
  const func = frame.function || frame.raw_function;
  if (!func) return leaf("function", undefined);
  const family = behaviorFamily(platform);
  if (platform === "ruby") {
    return leaf("function", func.startsWith("block ") ? "block" : func.replace(RUBY_ERB_SUFFIX, ""));
  }
  if (platform === "php") {
    const c = leaf("function", func.startsWith("class@anonymous") ? func.split("::").pop() : func);
    if (func.startsWith("[Anonymous") || func.startsWith("class@anonymous\x00")) {
      disable(c, "ignored anonymous function");
    }
    return c;
  }
  if (platform === "java") {
    const c = leaf("function", func);
    if (func.startsWith("lambda$")) disable(c, "ignored lambda function");
    return c;
  }
  if (family === "native") {
    const c = leaf("function", func);
    if (func === "<redacted>" || func === "<unknown>") disable(c, "ignored unknown function");
    return c;
  }
  if (family === "javascript") {
    // `Object.foo`, `Foo.foo` and `foo` are the same function across browsers.
    const short = func.slice(func.lastIndexOf(".") + 1);
    const c = leaf("function", short);
    if (!short) disable(c, "empty function name");
    else if (UNKNOWN_JS_FUNCTIONS.has(short) || short.endsWith("/<")) {
      disable(c, "ignored unknown function name");
    }
    return c;
  }
  return leaf("function", func);
}

/**
 * One frame's grouping component: [module, filename, function, context line]. The module wins over
 * the file name; line and column numbers never count.
 */
export function frameComponent(frame: Frame, eventPlatform: string | undefined): Component {
  const platform = frame.platform ?? eventPlatform;
  const family = behaviorFamily(platform);
  const module = moduleComponent(frame, platform);
  const filename = filenameComponent(frame, platform);
  if (contributes(module) && contributes(filename)) disable(filename, "module takes precedence");
  const contextLine = usesContextLine(platform) ? contextLineComponent(frame, family) : undefined;
  const func = functionComponent(frame, platform);
  const c = component("frame", [module, filename, func, contextLine]);
  if (family === "javascript") {
    const name = frame.raw_function || frame.function || "";
    if (name.slice(name.lastIndexOf(".") + 1) === "eval" || LOW_QUALITY_JS_PATHS.has(frame.abs_path ?? "")) {
      disable(c, "ignored low quality javascript frame");
    }
  }
  return c;
}

const RECURSION_FIELDS = [
  "abs_path",
  "package",
  "module",
  "filename",
  "function",
  "lineno",
  "colno",
] as const;

/** A frame identical to the one before it is a recursive call and counts once. */
export function isRecursion(frame: Frame, previous: Frame | undefined): boolean {
  return previous !== undefined && RECURSION_FIELDS.every((field) => frame[field] === previous[field]);
}
