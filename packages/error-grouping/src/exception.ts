import { component, componentHash, contributes, disable, leaf } from "./component.js";
import type { Component } from "./component.js";
import type { ExceptionValue } from "./event.js";
import { selectExceptions } from "./exception-groups.js";
import { normalizeMessageForGrouping } from "./parameterize.js";
import { stackVariants } from "./stacktrace.js";

export type VariantComponents = Partial<Record<"app" | "system", Component>>;

/**
 * One exception per variant: [stack trace, type, value] (Sentry's default order). The type does not
 * count when the SDK made it up (`mechanism.synthetic`); the value counts only when no stack trace
 * does. Without a stack trace there is only the `app` variant.
 */
function exceptionVariants(exception: ExceptionValue, platform: string | undefined): VariantComponents {
  const stacks = exception.stacktrace?.frames?.length
    ? stackVariants(exception.stacktrace, platform)
    : { app: component("stacktrace") };
  const variants: VariantComponents = {};
  for (const [name, stack] of Object.entries(stacks) as ["app" | "system", Component][]) {
    const type = leaf("type", exception.type);
    if (exception.mechanism?.synthetic === true) disable(type, "ignored because exception is synthetic");
    const value = leaf(
      "value",
      exception.value === undefined ? undefined : normalizeMessageForGrouping(exception.value),
    );
    if (contributes(stack)) disable(value, "ignored because stacktrace takes precedence");
    variants[name] = component("exception", [stack, type, value]);
  }
  return variants;
}

export interface ChainedExceptionGrouping {
  variants: VariantComponents;
  /** The exception the issue is named after when exception groups decide it. */
  main?: ExceptionValue;
}

/**
 * The chain of exceptions (`exception.values`, oldest cause first), after exception-group filtering:
 * one exception alone groups as itself; several group as one `chained-exception` per variant, each
 * holding the exceptions that have that variant.
 */
export function chainedExceptionVariants(
  all: ExceptionValue[],
  platform: string | undefined,
): ChainedExceptionGrouping {
  const byException = new Map(all.map((e) => [e, exceptionVariants(e, platform)]));
  const variantsOf = (e: ExceptionValue): VariantComponents => byException.get(e) ?? {};
  const key = (e: ExceptionValue) =>
    Object.values(variantsOf(e))
      .map((c) => componentHash(c))
      .join(",");
  const { exceptions, main } = selectExceptions(all, key);
  const [single] = exceptions;
  if (exceptions.length === 1 && single) return { variants: variantsOf(single), main };
  const byName: Record<string, Component[]> = {};
  for (const exception of exceptions) {
    for (const [name, c] of Object.entries(variantsOf(exception))) (byName[name] ??= []).push(c);
  }
  const variants: VariantComponents = {};
  for (const [name, list] of Object.entries(byName) as ["app" | "system", Component[]][]) {
    variants[name] = component("chained-exception", list);
  }
  return { variants, main };
}
