import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { applySuggestion, suggest, valueRequest, wordAt } from "./search-suggest.js";
import type { Suggestion } from "./search-suggest.js";

export interface SearchBoxProps {
  /** The query in force (the URL's); the box starts from it and follows it when it changes. */
  value: string;
  onSubmit: (query: string) => void;
  /** Keys to suggest (the language's and the tag keys). */
  keys: readonly string[];
  /** Values to suggest for a key (may be empty until they load). */
  valuesOf: (key: string) => readonly string[];
  /** Called with a key and the value typed so far as its values are wanted (to load them). */
  onKeyNeeded?: (key: string, prefix: string) => void;
  /** The API's parse error for `value`, shown under the box; the typed text stays. */
  error?: string | null;
}

/** The stream's search box: the whole search language, key and value suggestions, the parse error. */
export function SearchBox({ value, onSubmit, keys, valuesOf, onKeyNeeded, error }: SearchBoxProps) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const errorId = useId();
  if (value !== seen) {
    // The URL changed under the box (a tab, back/forward): show the query in force.
    setSeen(value);
    setDraft(value);
  }

  const { start, word } = wordAt(draft, caret);
  const needed = valueRequest(word);
  const neededKey = needed?.key ?? null;
  const neededPrefix = needed?.prefix ?? "";
  useEffect(() => {
    if (neededKey) onKeyNeeded?.(neededKey, neededPrefix);
  }, [neededKey, neededPrefix, onKeyNeeded]);
  const suggestions: Suggestion[] = open ? suggest(word, keys, valuesOf) : [];

  const choose = (suggestion: Suggestion) => {
    const next = applySuggestion(draft, start, caret, suggestion);
    setDraft(next.text);
    setCaret(next.caret);
    setActive(-1);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" && suggestions.length > 0) {
      event.preventDefault();
      setActive((i) => (i + 1) % suggestions.length);
    } else if (event.key === "ArrowUp" && suggestions.length > 0) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0 && suggestions[active]) {
      event.preventDefault();
      choose(suggestions[active]);
    } else if (event.key === "Enter") {
      event.preventDefault();
      setOpen(false);
      onSubmit(draft.trim());
    } else if (event.key === "Escape") {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="search">
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <input
          ref={input}
          type="search"
          role="combobox"
          aria-label="Search issues"
          aria-expanded={suggestions.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          spellCheck={false}
          autoComplete="off"
          value={draft}
          placeholder="is:unresolved level:error …"
          onChange={(e) => {
            setDraft(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setOpen(true);
            setActive(-1);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? draft.length)}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
        />
      </form>
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        className="suggestions"
        hidden={!suggestions.length}
      >
        {suggestions.map((s, i) => (
          <li
            key={s.text}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(s);
            }}
          >
            {s.label}
          </li>
        ))}
      </ul>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
