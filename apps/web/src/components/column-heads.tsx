import type { ReactNode } from "react";

/** A table's `<thead>`: one column header per name, after the cells given as children (a select-all box). */
export function ColumnHeads(props: { names: readonly string[]; children?: ReactNode }) {
  return (
    <thead>
      <tr>
        {props.children}
        {props.names.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}
