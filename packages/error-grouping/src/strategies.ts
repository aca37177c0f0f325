import { component, componentHash, contributes, disable, hasContributing, leaf } from "./component.js";
import type { Component } from "./component.js";
import type { ErrorEvent, ExceptionValue, Thread } from "./event.js";
import { chainedExceptionVariants } from "./exception.js";
import type { VariantComponents } from "./exception.js";
import { normalizeMessageForGrouping } from "./parameterize.js";
import { stackVariants } from "./stacktrace.js";

export type DefaultVariantName = "app" | "system" | "default";
export type DefaultVariants = Partial<Record<DefaultVariantName, Component>>;

export interface DefaultGrouping {
  variants: DefaultVariants;
  /** The exception that names the issue, when exception groups decide it (else the last one). */
  main?: ExceptionValue;
}

/**
 * Sentry's rules for the variants of a stack-trace strategy: when one variant has a contributing
 * stack trace, variants without one do not count; `app` counts only when `system` does; `system` does
 * not count when it hashes like `app`.
 */
function settleStackVariants(variants: VariantComponents): VariantComponents {
  const list = Object.values(variants);
  if (list.some((c) => hasContributing(c, "stacktrace"))) {
    for (const c of list) {
      if (!hasContributing(c, "stacktrace")) disable(c, "ignored because another variant has a stack trace");
    }
  }
  const { app, system } = variants;
  if (app && system) {
    if (!contributes(system)) disable(app, "ignored because the system variant does not contribute");
    else if (contributes(app) && componentHash(app) === componentHash(system)) {
      disable(system, "ignored because hash matches app variant");
    }
  }
  return variants;
}

/** The thread to group by: the single crashed one, else the single current one, else the only one. */
function groupingThread(threads: Thread[]): Thread | undefined {
  const crashed = threads.filter((t) => t.crashed === true);
  if (crashed.length === 1) return crashed[0];
  const current = threads.filter((t) => t.current === true);
  if (current.length === 1) return current[0];
  return threads.length === 1 ? threads[0] : undefined;
}

function threadsVariants(event: ErrorEvent): VariantComponents {
  const thread = groupingThread(event.threads?.values ?? []);
  if (!thread?.stacktrace?.frames?.length) return {};
  const { app, system } = stackVariants(thread.stacktrace, event.platform);
  return { app: component("threads", [app]), system: component("threads", [system]) };
}

function messageVariants(event: ErrorEvent): DefaultVariants {
  const message = event.logentry?.message || event.logentry?.formatted || event.message;
  if (!message) return {};
  return { default: component("message", [leaf("message", normalizeMessageForGrouping(message))]) };
}

/**
 * The default grouping's variants, by strategy in order of precedence: the exception chain, the
 * threads, a stack trace outside any exception, the message. The first strategy with a contributing
 * variant wins; what comes after it does not count.
 */
export function defaultVariants(event: ErrorEvent): DefaultGrouping {
  let main: ExceptionValue | undefined;
  const strategies: (() => DefaultVariants)[] = [
    () => {
      const exceptions = event.exception?.values ?? [];
      if (!exceptions.length) return {};
      const chain = chainedExceptionVariants(exceptions, event.platform);
      main = chain.main;
      return settleStackVariants(chain.variants);
    },
    () => settleStackVariants(threadsVariants(event)),
    () =>
      event.stacktrace?.frames?.length
        ? settleStackVariants(stackVariants(event.stacktrace, event.platform))
        : {},
    () => messageVariants(event),
  ];
  for (const strategy of strategies) {
    const variants = strategy();
    if (Object.values(variants).some((c) => contributes(c))) return { variants, main };
  }
  return { variants: {}, main };
}
