import type { ExceptionValue } from "./event.js";

interface TreeNode {
  exception?: ExceptionValue;
  children: ExceptionValue[];
}

export interface ExceptionSelection {
  /** The exceptions that group, in grouping order. */
  exceptions: ExceptionValue[];
  /** The exception the issue is named after, when the tree decides it. */
  main?: ExceptionValue;
}

/**
 * Exception groups (Python's `ExceptionGroup`, JavaScript's `AggregateError`, and every chain whose
 * SDK numbers its members with `mechanism.exception_id`/`parent_id`): when all members are numbered
 * and form a tree rooted at id 0, the "top-level" exceptions (the first descendants of the root that
 * are no groups) decide. One distinct top-level exception groups as itself and its first children,
 * the root first, and names the issue; several group as one of each plus the root. `key` tells two
 * exceptions apart by what they group by.
 */
export function selectExceptions(
  exceptions: ExceptionValue[],
  key: (exception: ExceptionValue) => string,
): ExceptionSelection {
  if (exceptions.length <= 1) return { exceptions };
  const tree = new Map<number, TreeNode>();
  const node = (id: number): TreeNode => {
    let n = tree.get(id);
    if (!n) tree.set(id, (n = { children: [] }));
    return n;
  };
  for (const exception of [...exceptions].reverse()) {
    const id = exception.mechanism?.exception_id;
    if (typeof id !== "number") return { exceptions };
    node(id).exception = exception;
    const parent = exception.mechanism?.parent_id;
    if (typeof parent === "number") node(parent).children.push(exception);
  }
  const root = tree.get(0)?.exception;
  if (!root) return { exceptions };
  const childrenOf = (e: ExceptionValue) => tree.get(e.mechanism?.exception_id ?? -1)?.children ?? [];
  const topLevel = (e: ExceptionValue, seen: Set<ExceptionValue>): ExceptionValue[] => {
    if (seen.has(e)) return [];
    seen.add(e);
    return e.mechanism?.is_exception_group === true ? childrenOf(e).flatMap((c) => topLevel(c, seen)) : [e];
  };
  const sorted = topLevel(root, new Set()).sort((a, b) => {
    const [ta, tb] = [String(a.type ?? "None"), String(b.type ?? "None")];
    return ta === tb ? 0 : ta < tb ? 1 : -1;
  });
  const distinct = sorted.filter((e, i) => i === 0 || key(e) !== key(sorted[i - 1] as ExceptionValue));
  const [only] = distinct;
  if (distinct.length === 1 && only) {
    const path: ExceptionValue[] = [];
    for (let e: ExceptionValue | undefined = only; e && !path.includes(e); e = childrenOf(e)[0]) path.push(e);
    return { exceptions: path, main: only };
  }
  return { exceptions: [...distinct, root] };
}
