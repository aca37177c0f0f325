import type { ReactNode } from "react";

/** A choice of a `<select>`: a value shown as it is, or a value and what is shown for it. */
export type Choice = string | { value: string; label: ReactNode };

export const choiceValue = (choice: Choice): string => (typeof choice === "string" ? choice : choice.value);

/** The `<option>`s of a select, one per choice, in order. */
export function Options({ choices }: { choices: readonly Choice[] }) {
  return choices.map((choice) => (
    <option key={choiceValue(choice)} value={choiceValue(choice)}>
      {typeof choice === "string" ? choice : choice.label}
    </option>
  ));
}
