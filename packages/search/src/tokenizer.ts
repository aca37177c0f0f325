/**
 * Splits a search query into terms. Follows the reference grammar (Sentry's event search grammar):
 * a term is `!?key:value`, a quoted string, a bare word, a parenthesis, or the keyword AND / OR.
 * Positions are 0-based offsets into the query text.
 */

export type RawValue =
  /** As typed, up to whitespace or a parenthesis (may hold `\"` escapes or stray quotes). */
  | { form: "bare"; text: string }
  /** The content of `"…"` with `\"` unescaped. */
  | { form: "quoted"; text: string }
  /** `[a, "b c"]`: items with `\"` unescaped. `emptyItem` when a trailing item is missing (`[a, ]`). */
  | { form: "list"; items: string[]; emptyItem: boolean; raw: string };

export type Token =
  | { kind: "lparen" | "rparen" | "and" | "or"; start: number; end: number }
  | { kind: "word"; start: number; end: number; text: string }
  | { kind: "quoted"; start: number; end: number; text: string }
  | {
      kind: "filter";
      start: number;
      end: number;
      negated: boolean;
      /** The key as written (quotes around a quoted key removed). */
      key: string;
      /** `>=`, `<=`, `>`, `<`, `=`, `!=` right after the colon, if any (never for `is:` / `has:`). */
      operator: string | null;
      value: RawValue;
    }
  /** `count_unique(user):>1` and the like: not supported in issue search. */
  | { kind: "aggregate"; start: number; end: number; key: string };

const KEY = String.raw`[a-zA-Z0-9_.\-]+`;
const ESCAPED_KEY = String.raw`[a-zA-Z0-9_.:\-]+`;
const FILTER_START = new RegExp(
  String.raw`(!?)(${KEY}|"${ESCAPED_KEY}"|(?:tags|flags)\[${ESCAPED_KEY}(?: *, *(?:string|number))?\]):`,
  "y",
);
const AGGREGATE_START = new RegExp(String.raw`(!?)(${KEY})\(([^()]*)\):`, "y");
const OPERATOR = /(>=|<=|>|<|=|!=)/y;

const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";
const endsBare = (c: string | undefined): boolean => c === undefined || isSpace(c) || c === "(" || c === ")";

/** End (exclusive) of a bare run of characters starting at `pos`: up to whitespace or a parenthesis. */
function bareEnd(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && !endsBare(text[end])) end++;
  return end;
}

/** If a properly closed `"…"` starts at `pos`, its end (exclusive) and unescaped content. */
function readQuoted(text: string, pos: number): { end: number; content: string } | null {
  if (text[pos] !== '"') return null;
  let i = pos + 1;
  while (i < text.length) {
    if (text[i] === "\\" && text[i + 1] === '"') {
      i += 2;
      continue;
    }
    if (text[i] === '"') return { end: i + 1, content: text.slice(pos + 1, i).replaceAll('\\"', '"') };
    i++;
  }
  return null;
}

/**
 * `[a, b]` starting at `pos`: items are quoted strings or runs of characters other than
 * whitespace, `(`, `)`, `,` and `]`, separated by commas with optional spaces, and the list must be
 * followed by whitespace, `)` or the end. Anything else is not a list (the value is then bare).
 */
function readList(text: string, pos: number): { end: number; items: string[]; emptyItem: boolean } | null {
  if (text[pos] !== "[") return null;
  const items: string[] = [];
  let i = pos + 1;
  const skipSpaces = (): void => {
    while (text[i] === " ") i++;
  };
  const readItem = (): string | null => {
    const quoted = readQuoted(text, i);
    if (quoted) {
      i = quoted.end;
      return quoted.content;
    }
    const start = i;
    while (i < text.length && !isSpace(text[i]) && !"(),]".includes(text[i]!)) i++;
    return i > start ? text.slice(start, i).replaceAll('\\"', '"') : null;
  };
  const first = readItem();
  if (first === null) return null;
  items.push(first);
  for (;;) {
    const beforeSpaces = i;
    skipSpaces();
    if (text[i] === ",") {
      i++;
      skipSpaces();
      if (text[i] === ",") return null;
      if (text[i] === "]") {
        i++;
        return endsBare(text[i]) && text[i] !== "(" ? { end: i, items, emptyItem: true } : null;
      }
      const item = readItem();
      if (item === null) return null;
      items.push(item);
      continue;
    }
    i = beforeSpaces;
    if (text[i] !== "]") return null;
    i++;
    return endsBare(text[i]) && text[i] !== "(" ? { end: i, items, emptyItem: false } : null;
  }
}

/** Reads a filter's value at `pos`: a list (only when `allowList`), a quoted string, or a bare run. */
function readValue(text: string, pos: number, allowList: boolean): { end: number; value: RawValue } {
  if (allowList) {
    const list = readList(text, pos);
    if (list) {
      return {
        end: list.end,
        value: { form: "list", items: list.items, emptyItem: list.emptyItem, raw: text.slice(pos, list.end) },
      };
    }
  }
  const quoted = readQuoted(text, pos);
  if (quoted) return { end: quoted.end, value: { form: "quoted", text: quoted.content } };
  const end = bareEnd(text, pos);
  return { end, value: { form: "bare", text: text.slice(pos, end) } };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const c = text[pos]!;
    if (isSpace(c)) {
      pos++;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "lparen" : "rparen", start: pos, end: pos + 1 });
      pos++;
      continue;
    }

    AGGREGATE_START.lastIndex = pos;
    const aggregate = AGGREGATE_START.exec(text);
    if (aggregate) {
      const args = aggregate[3]!
        .split(",")
        .map((a) => a.trim())
        .filter((a) => a !== "");
      const { end } = readValue(text, AGGREGATE_START.lastIndex, false);
      tokens.push({ kind: "aggregate", start: pos, end, key: `${aggregate[2]}(${args.join(", ")})` });
      pos = end;
      continue;
    }

    FILTER_START.lastIndex = pos;
    const filter = FILTER_START.exec(text);
    if (filter) {
      const rawKey = filter[2]!;
      const key = rawKey.startsWith('"') ? rawKey.slice(1, -1) : rawKey;
      let at = FILTER_START.lastIndex;
      let operator: string | null = null;
      const special = key === "is" || key === "has";
      if (!special) {
        OPERATOR.lastIndex = at;
        const op = OPERATOR.exec(text);
        if (op) {
          operator = op[1]!;
          at = OPERATOR.lastIndex;
        }
      }
      const { end, value } = readValue(text, at, !special && operator === null);
      tokens.push({ kind: "filter", start: pos, end, negated: filter[1] === "!", key, operator, value });
      pos = end;
      continue;
    }

    const quoted = readQuoted(text, pos);
    if (quoted) {
      tokens.push({ kind: "quoted", start: pos, end: quoted.end, text: quoted.content });
      pos = quoted.end;
      continue;
    }

    const end = bareEnd(text, pos);
    const word = text.slice(pos, end);
    // AND / OR are keywords only as whole upper-case words (`AND(` is text, as in the reference).
    if ((word === "AND" || word === "OR") && text[end] !== "(") {
      tokens.push({ kind: word === "AND" ? "and" : "or", start: pos, end });
    } else {
      tokens.push({ kind: "word", start: pos, end, text: word });
    }
    pos = end;
  }
  return tokens;
}
