import { component, contributes, disable } from "./component.js";
import type { Component } from "./component.js";
import type { Stacktrace } from "./event.js";
import { frameComponent, isRecursion } from "./frame.js";
import { behaviorFamily, hasUrlOrigin } from "./platform.js";

/** The two views of a stack trace: `app` counts only in-app frames, `system` counts every frame. */
export interface StackVariants {
  app: Component;
  system: Component;
}

function stacktraceComponent(stacktrace: Stacktrace, platform: string | undefined, appOnly: boolean) {
  const frames = stacktrace.frames ?? [];
  const components = frames.map((frame, i) => {
    const c = frameComponent(frame, platform);
    if (isRecursion(frame, frames[i - 1])) disable(c, "ignored due to recursion");
    if (appOnly && frame.in_app !== true) disable(c, "non app frame");
    return c;
  });
  const only = frames[0];
  const first = components[0];
  // A single JavaScript frame at a URL with no function name says nothing about the code.
  if (
    only &&
    first &&
    frames.length === 1 &&
    contributes(first) &&
    behaviorFamily(only.platform ?? platform) === "javascript" &&
    !only.function &&
    hasUrlOrigin(only.abs_path, false)
  ) {
    disable(first, "ignored single frame JavaScript stack trace at a URL without a function");
  }
  return component("stacktrace", components);
}

export function stackVariants(stacktrace: Stacktrace, platform: string | undefined): StackVariants {
  return {
    app: stacktraceComponent(stacktrace, platform, true),
    system: stacktraceComponent(stacktrace, platform, false),
  };
}
