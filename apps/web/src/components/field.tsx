import type { InputHTMLAttributes, ReactNode } from "react";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">;

/** A labelled input (its label is its accessible name) that reports the text typed into it. */
export function Field({
  label,
  value,
  onChange,
  ...input
}: InputProps & { label: ReactNode; value: string; onChange: (value: string) => void }) {
  return (
    <label>
      {label} <input {...input} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
