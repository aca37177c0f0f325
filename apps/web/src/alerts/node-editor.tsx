import { useId, useState } from "react";
import type { Installation } from "./queries.js";
import { KIND_NAMES } from "./rule-model.js";
import type { NodeRow } from "./rule-model.js";
import { nodeSpec, specsOf } from "./rule-nodes.js";
import type { FieldSpec, NodeKind, Option } from "./rule-nodes.js";

/** The options of a select, with the current value kept when it is not one of them. */
function withCurrent(options: readonly Option[], value: string): readonly Option[] {
  return value === "" || options.some(([v]) => v === value) ? options : [...options, [value, value]];
}

function installationOptions(installations: readonly Installation[], value: string): readonly Option[] {
  const options: Option[] = [["", "Choose an integration"]];
  for (const i of installations) options.push([i.uuid, i.app.slug]);
  return withCurrent(options, value);
}

function FieldInput(props: {
  field: FieldSpec;
  value: string;
  installations: readonly Installation[];
  onChange: (value: string) => void;
}) {
  const { field, value, onChange } = props;
  const id = useId();
  if (field.kind === "select" || field.kind === "installation") {
    const options =
      field.kind === "installation"
        ? installationOptions(props.installations, value)
        : withCurrent(field.options ?? [], value);
    return (
      <span className="field">
        <label htmlFor={id}>{field.label}</label>
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </span>
    );
  }
  return (
    <span className="field">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type={field.kind === "number" ? "number" : field.name === "webhookUrl" ? "url" : "text"}
        inputMode={field.kind === "number" ? "numeric" : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </span>
  );
}

/** One condition, filter or action: a group named after it, its fields, and Remove. */
export function NodeEditor(props: {
  kind: NodeKind;
  index: number;
  row: NodeRow;
  installations: readonly Installation[];
  onChange: (row: NodeRow) => void;
  onRemove: () => void;
}) {
  const { kind, index, row } = props;
  const spec = nodeSpec(row.id);
  const name = `${KIND_NAMES[kind][0]!.toUpperCase()}${KIND_NAMES[kind].slice(1)} ${index + 1}`;
  const shown = (spec?.fields ?? []).filter((f) => !f.when || f.when(row.fields));
  return (
    <fieldset className="rule-node">
      <legend>
        {name}: {spec?.label ?? row.id}
      </legend>
      {!spec && <p className="muted">Not editable here: it is kept as it is.</p>}
      <div className="row">
        {shown.map((field) => (
          <FieldInput
            key={field.name}
            field={field}
            value={row.fields[field.name] ?? field.initial}
            installations={props.installations}
            onChange={(value) => props.onChange({ ...row, fields: { ...row.fields, [field.name]: value } })}
          />
        ))}
        <span className="spacer" />
        <button type="button" onClick={props.onRemove}>
          Remove {name.toLowerCase()}
        </button>
      </div>
    </fieldset>
  );
}

/** Choose a kind of node, then Add (a select that adds on change would not suit the keyboard). */
export function AddNode(props: { kind: NodeKind; onAdd: (id: string) => void }) {
  const specs = specsOf(props.kind);
  const [chosen, setChosen] = useState(specs[0]!.id);
  const id = useId();
  const noun = KIND_NAMES[props.kind];
  return (
    <div className="row add-node">
      <label htmlFor={id}>New {noun}</label>
      <select id={id} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {specs.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => props.onAdd(chosen)}>
        Add {noun}
      </button>
    </div>
  );
}
