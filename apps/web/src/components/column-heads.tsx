import type { ReactNode } from "react";

/** A table's `<thead>`: one column header per name, after the cells given as children (a select-all box). */
export function ColumnHeads(props: { names: readonly ReactNode[]; children?: ReactNode }) {
  return (
    <thead>
      <tr>
        {props.children}
        {props.names.map((name, i) => (
          <th key={i} scope="col">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}
