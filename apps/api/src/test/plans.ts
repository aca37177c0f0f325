/** A node of `EXPLAIN (FORMAT JSON)`'s plan, as the EXPLAIN tests read it. */
export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, the root first. */
export const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** A plan in one line: `[node type, relation, index]` per node, for failure messages. */
export const describePlan = (found: PlanNode[]): string =>
  JSON.stringify(found.map((n) => [n["Node Type"], n["Relation Name"], n["Index Name"]]));
