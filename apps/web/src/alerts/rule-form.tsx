import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Options } from "../components/options.js";
import { AddNode, NodeEditor } from "./node-editor.js";
import type { Installation } from "./queries.js";
import { FREQUENCIES, formToRule, newNode, saveErrors } from "./rule-model.js";
import type { Match, NodeRow, RuleBody, RuleFormState, SaveErrors } from "./rule-model.js";
import type { NodeKind } from "./rule-nodes.js";

const NO_ERRORS: SaveErrors = { detail: null, fields: {} };
const FORM_FIELDS = [
  "name",
  "environment",
  "actionMatch",
  "filterMatch",
  "frequency",
  "conditions",
  "filters",
  "actions",
];

export interface RuleFormProps {
  initial: RuleFormState;
  environments: readonly string[];
  installations: readonly Installation[];
  /** Sends the rule; a rejection (the API's refusal) is shown by the form, which keeps what was typed. */
  onSave: (body: RuleBody) => Promise<unknown>;
  submitLabel: string;
  cancel: ReactNode;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="error">
      {message}
    </p>
  );
}

function MatchSelect(props: { label: string; value: Match; noun: string; onChange: (m: Match) => void }) {
  const id = useId();
  return (
    <span className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as Match)}>
        <option value="all">all of these {props.noun}</option>
        <option value="any">any of these {props.noun}</option>
        <option value="none">none of these {props.noun}</option>
      </select>
    </span>
  );
}

/** The rule editor: name, environment, when (conditions), if (filters), then (actions), frequency. */
export function RuleForm(props: RuleFormProps) {
  const [form, setForm] = useState<RuleFormState>(props.initial);
  const [errors, setErrors] = useState<SaveErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const failed = errors.detail !== null || Object.keys(errors.fields).length > 0;
  useEffect(() => {
    if (failed) summary.current?.focus();
  }, [errors, failed]);

  const set = <K extends keyof RuleFormState>(key: K, value: RuleFormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setNodes = (kind: NodeKind, update: (rows: NodeRow[]) => NodeRow[]) =>
    setForm((f) => ({ ...f, [kind]: update(f[kind]) }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaving(true);
    setErrors(NO_ERRORS);
    try {
      await props.onSave(formToRule(form));
    } catch (error) {
      setErrors(saveErrors(error));
    } finally {
      setSaving(false);
    }
  };

  const described = (field: string) => (errors.fields[field] ? `rule-error-${field}` : undefined);
  const nodes = (kind: NodeKind) => (
    <>
      {form[kind].map((row, i) => (
        <NodeEditor
          key={row.key}
          kind={kind}
          index={i}
          row={row}
          installations={props.installations}
          onChange={(next) => setNodes(kind, (rows) => rows.map((r) => (r.key === row.key ? next : r)))}
          onRemove={() => setNodes(kind, (rows) => rows.filter((r) => r.key !== row.key))}
        />
      ))}
      <AddNode kind={kind} onAdd={(id) => setNodes(kind, (rows) => [...rows, newNode(id)])} />
      <FieldError id={`rule-error-${kind}`} message={errors.fields[kind]} />
    </>
  );
  const matchSection = (
    legend: string,
    label: string,
    kind: "conditions" | "filters",
    match: "actionMatch" | "filterMatch",
  ) => (
    <fieldset className="card">
      <legend>{legend}</legend>
      <MatchSelect label={label} noun={kind} value={form[match]} onChange={(m) => set(match, m)} />
      <FieldError id={`rule-error-${match}`} message={errors.fields[match]} />
      {nodes(kind)}
    </fieldset>
  );
  const others = Object.entries(errors.fields).filter(([field]) => !FORM_FIELDS.includes(field));
  const environments =
    props.environments.includes(form.environment) || form.environment === ""
      ? props.environments
      : [...props.environments, form.environment];

  return (
    <form className="rule-form stack" onSubmit={(e) => void submit(e)} noValidate>
      <div className="row">
        <span className="field">
          <label htmlFor="rule-name">Rule name</label>
          <input
            id="rule-name"
            value={form.name}
            maxLength={256}
            onChange={(e) => set("name", e.target.value)}
            aria-invalid={errors.fields.name ? true : undefined}
            aria-describedby={described("name")}
          />
        </span>
        <span className="field">
          <label htmlFor="rule-environment">Environment</label>
          <select
            id="rule-environment"
            value={form.environment}
            onChange={(e) => set("environment", e.target.value)}
            aria-describedby={described("environment")}
          >
            <option value="">All environments</option>
            <Options choices={environments} />
          </select>
        </span>
      </div>
      <FieldError id="rule-error-name" message={errors.fields.name} />
      <FieldError id="rule-error-environment" message={errors.fields.environment} />
      {matchSection("When", "Fire when", "conditions", "actionMatch")}
      {matchSection("If", "Only if", "filters", "filterMatch")}
      <fieldset className="card">
        <legend>Then</legend>
        {nodes("actions")}
      </fieldset>
      <span className="field">
        <label htmlFor="rule-frequency">Perform the actions at most once for each issue every</label>
        <select
          id="rule-frequency"
          value={form.frequency}
          onChange={(e) => set("frequency", e.target.value)}
          aria-describedby={described("frequency")}
        >
          {(FREQUENCIES.some(([m]) => m === form.frequency)
            ? FREQUENCIES
            : [...FREQUENCIES, [form.frequency, `${form.frequency} minutes`] as const]
          ).map(([minutes, label]) => (
            <option key={minutes} value={minutes}>
              {label}
            </option>
          ))}
        </select>
      </span>
      <FieldError id="rule-error-frequency" message={errors.fields.frequency} />
      {failed && (
        <div ref={summary} tabIndex={-1} role="alert" className="error card rule-errors">
          <strong>The rule was not saved.</strong>
          {errors.detail && <p>{errors.detail}</p>}
          {others.map(([field, message]) => (
            <p key={field}>
              {field}: {message}
            </p>
          ))}
          {Object.keys(errors.fields).length > others.length && <p>See the messages by the fields above.</p>}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>
          {props.submitLabel}
        </button>
        {props.cancel}
      </div>
    </form>
  );
}
