import type {
  ComparisonOperator,
  FilterValue,
  ListOperator,
  SearchFilter,
  SearchNode,
  SearchQuery,
} from "./ast.js";
import { SearchError } from "./errors.js";
import {
  HAS_KEYS,
  IS_TRANSLATIONS,
  IS_VALUES_TEXT,
  isHasKey,
  isSearchKey,
  keyKind,
  resolveKeyAlias,
} from "./keys.js";
import type { SearchKey } from "./keys.js";
import { tagKey } from "./event-fields.js";
import type { TagKey } from "./event-fields.js";
import { exampleDate, parseIsoDate, parseNumber, parseRelativeDate } from "./literals.js";
import { tokenize } from "./tokenizer.js";
import type { RawValue, Token } from "./tokenizer.js";

export interface ParseOptions {
  /** Only used to print an example date in "Invalid date" messages. Defaults to the current time. */
  now?: Date;
}

const PAREN_HINT = "This is commonly caused by unmatched parentheses. Enclose any text in double quotes.";

/** The reference's operator negation: `!key:>5` is `<=5`; anything without a pair becomes `!=`. */
const NEGATION: Readonly<Record<string, ComparisonOperator>> = {
  "=": "!=",
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
};
const negate = (op: string): ComparisonOperator => NEGATION[op] ?? "!=";
/** Logical negation for date filters (the reference rejects negated dates; Sift negates them exactly). */
const negateLogically = (op: ComparisonOperator): ComparisonOperator => (op === "!=" ? "=" : negate(op));

const BOOLEAN = /^(true|1|false|0)$/i;
const HAS_BARE_KEY = /^[a-zA-Z0-9_.-]+$/;
const HAS_QUOTED_KEY = /^[a-zA-Z0-9_.:-]+$/;
/** `tags[key]` and `tags[key, string]` / `tags[key, number]` (the type is Sentry's; tags are text here). */
const TAG_KEY = /^tags\[([a-zA-Z0-9_.:-]+)(?: *, *(?:string|number))?\]$/;

/** A specific time `key:2024-01-01T10:00:00` matches [t − 5 min, t + 6 min), as the reference does. */
export const SPECIFIC_TIME_WINDOW = { beforeMs: 5 * 60_000, afterMs: 6 * 60_000 } as const;

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {}

  parse(): SearchNode | null {
    return this.parseLevel();
  }

  private error(message: string, start: number): never {
    throw new SearchError(message, start + 1);
  }

  /** Terms and AND / OR up to the closing parenthesis of this level (or the end). */
  private parseLevel(): SearchNode | null {
    type Item = { node: SearchNode } | { op: "AND" | "OR"; start: number };
    const items: Item[] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index]!;
      if (token.kind === "rparen") break;
      if (token.kind === "and" || token.kind === "or") {
        items.push({ op: token.kind === "and" ? "AND" : "OR", start: token.start });
        this.index++;
        continue;
      }
      items.push({ node: this.parseTerm() });
    }

    // The reference's boolean checks: no operator at either end, never two in a row.
    let previous: Item | undefined;
    for (const item of items) {
      if ("op" in item) {
        if (!previous) {
          this.error(`Condition is missing on the left side of '${item.op}' operator`, item.start);
        }
        if ("op" in previous) {
          this.error(
            `Missing condition in between two condition operators: '${previous.op} ${item.op}'`,
            item.start,
          );
        }
      }
      previous = item;
    }
    if (previous && "op" in previous) {
      this.error(`Condition is missing on the right side of '${previous.op}' operator`, previous.start);
    }

    // AND binds tighter than OR; adjacent terms AND together.
    const disjuncts: SearchNode[][] = [[]];
    for (const item of items) {
      if ("node" in item) disjuncts[disjuncts.length - 1]!.push(item.node);
      else if (item.op === "OR") disjuncts.push([]);
    }
    const nodes = disjuncts.filter((d) => d.length > 0).map((d) => combine("and", d));
    return nodes.length === 0 ? null : combine("or", nodes);
  }

  private parseTerm(): SearchNode {
    const token = this.tokens[this.index]!;
    switch (token.kind) {
      case "lparen": {
        // `()` is text, as in the reference; any other group groups.
        if (this.tokens[this.index + 1]?.kind === "rparen") return this.parseFreeText();
        this.index++;
        const inner = this.parseLevel();
        this.index++; // the matching ")" (parentheses were checked before parsing)
        return inner!;
      }
      case "word":
        return this.parseFreeText();
      case "quoted":
        this.index++;
        return this.freeText(token.text, token.start, token.end);
      case "aggregate":
        return this.error(
          `Aggregate filters (${token.key}) are not supported in issue searches.`,
          token.start,
        );
      case "filter":
        this.index++;
        return this.interpretFilter(token);
      default:
        // "and" / "or" / "rparen" are consumed by parseLevel.
        return this.error(`Unexpected '${this.text.slice(token.start, token.end)}'`, token.start);
    }
  }

  /**
   * Consecutive free words form one message filter whose value is the text they span. A parenthesised
   * group of free words right after them is part of the text (`undefined is not an object (evaluating
   * 'x')`), as in the reference grammar.
   */
  private parseFreeText(): SearchFilter {
    const start = this.tokens[this.index]!.start;
    let end = start;
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index]!;
      if (token.kind === "word") {
        end = token.end;
        this.index++;
      } else if (token.kind === "lparen") {
        const close = this.literalGroupEnd(this.index);
        if (close < 0) break;
        end = this.tokens[close]!.end;
        this.index = close + 1;
      } else {
        break;
      }
    }
    return this.freeText(this.text.slice(start, end), start, end);
  }

  /** Index of the `)` closing the group at `open` when the group holds only free text, else -1. */
  private literalGroupEnd(open: number): number {
    let i = open + 1;
    if (this.tokens[i]?.kind === "quoted" && this.tokens[i + 1]?.kind === "rparen") return i + 1;
    while (i < this.tokens.length) {
      const token = this.tokens[i]!;
      if (token.kind === "rparen") return i;
      if (token.kind === "word") {
        i++;
      } else if (token.kind === "lparen") {
        const close = this.literalGroupEnd(i);
        if (close < 0) return -1;
        i = close + 1;
      } else {
        return -1;
      }
    }
    return -1;
  }

  private freeText(value: string, start: number, end: number): SearchFilter {
    return {
      type: "filter",
      key: "message",
      operator: "=",
      value: { kind: "text", value },
      column: start + 1,
      text: this.text.slice(start, end),
    };
  }

  private interpretFilter(token: Extract<Token, { kind: "filter" }>): SearchNode {
    const source = { column: token.start + 1, text: this.text.slice(token.start, token.end) };
    if (token.key === "is") return this.interpretIs(token, source);
    if (token.key === "has") return this.interpretHas(token, source);

    const key = this.filterKey(token);
    const filter = (operator: ComparisonOperator | ListOperator, value: FilterValue): SearchFilter => ({
      type: "filter",
      key,
      operator,
      value,
      ...source,
    });
    const kind = keyKind(key);
    const { value, negated } = token;

    if (value.form === "list") {
      if (value.emptyItem) this.error("Lists should not have empty values", token.start);
      const operator: ListOperator = negated ? "NOT IN" : "IN";
      if (kind === "text") return filter(operator, { kind: "textList", values: value.items });
      if (kind === "number") {
        const values = value.items.map(
          (item) => parseNumber(item) ?? this.invalidNumber(key, item, token.start),
        );
        return filter(operator, { kind: "numberList", values });
      }
      if (kind === "date") return this.invalidDate(key, value.raw, token.start);
      return this.invalidBoolean(key, value.raw, token.start);
    }

    const raw = this.valueText(value, token.start);
    if (value.form === "bare" && raw === "") this.error(`Empty string after '${key}:'`, token.start);
    const operator = token.operator ?? "=";
    // Text-like keys take no comparison: an operator other than = / != becomes part of the value.
    const folded = operator === "=" || operator === "!=" ? raw : `${operator}${raw}`;
    const textOperator: ComparisonOperator = operator === "!=" ? "!=" : "=";

    switch (kind) {
      case "text":
        return filter(negated ? negate(textOperator) : textOperator, { kind: "text", value: folded });
      case "boolean": {
        if (!BOOLEAN.test(folded)) return this.invalidBoolean(key, folded, token.start);
        const truthy = /^(true|1)$/i.test(folded);
        return filter(negated ? negate(textOperator) : textOperator, { kind: "boolean", value: truthy });
      }
      case "number": {
        const number = value.form === "bare" ? parseNumber(raw) : null;
        if (number === null) return this.invalidNumber(key, folded, token.start);
        return filter(negated ? negate(operator) : (operator as ComparisonOperator), {
          kind: "number",
          value: number,
        });
      }
      case "date":
        return filter(...this.dateFilter(key, token, raw, folded));
    }
  }

  /** The key a filter searches: a search key (aliases resolved), else a tag (`tags[x]` or `x`). */
  private filterKey(token: Extract<Token, { kind: "filter" }>): SearchKey | TagKey {
    const tag = TAG_KEY.exec(token.key);
    if (tag) return tagKey(tag[1]!);
    if (token.key.startsWith("flags[")) {
      this.error(`Invalid key for this search: ${token.key}. Sift stores no feature flags.`, token.start);
    }
    const key = resolveKeyAlias(token.key);
    return isSearchKey(key) ? key : tagKey(token.key);
  }

  private dateFilter(
    key: SearchKey | TagKey,
    token: Extract<Token, { kind: "filter" }>,
    raw: string,
    folded: string,
  ): [ComparisonOperator, FilterValue] {
    if (token.value.form !== "bare") return this.invalidDate(key, folded, token.start);
    const iso = parseIsoDate(raw);
    if (token.operator !== null) {
      if (!iso) return this.invalidDate(key, folded, token.start);
      const operator = token.operator as ComparisonOperator;
      return [token.negated ? negateLogically(operator) : operator, { kind: "date", value: iso.date }];
    }
    const operator: ComparisonOperator = token.negated ? "!=" : "=";
    if (iso) {
      const at = iso.date.getTime();
      const range = iso.hasTime
        ? {
            from: new Date(at - SPECIFIC_TIME_WINDOW.beforeMs),
            to: new Date(at + SPECIFIC_TIME_WINDOW.afterMs),
          }
        : { from: iso.date, to: new Date(at + 86_400_000) };
      return [operator, { kind: "dateRange", ...range }];
    }
    const relative = parseRelativeDate(raw);
    if (relative) {
      // `-24h`: within the last 24 h (>= now − 24 h); `+24h`: older than that (<= now − 24 h).
      const base: ComparisonOperator = relative.sign === "-" ? ">=" : "<=";
      return [
        token.negated ? negateLogically(base) : base,
        { kind: "relativeDate", amountMs: relative.amountMs },
      ];
    }
    return this.invalidDate(key, raw, token.start);
  }

  private interpretIs(
    token: Extract<Token, { kind: "filter" }>,
    source: { column: number; text: string },
  ): SearchNode {
    const raw = this.valueText(token.value, token.start);
    if (raw.startsWith("[")) this.error('"in" syntax invalid for "is" search', token.start);
    const translation = Object.hasOwn(IS_TRANSLATIONS, raw) ? IS_TRANSLATIONS[raw] : undefined;
    if (!translation)
      this.error(`Invalid value for "is" search, valid values are ${IS_VALUES_TEXT}`, token.start);
    const value: FilterValue =
      typeof translation.value === "boolean"
        ? { kind: "boolean", value: translation.value }
        : { kind: "text", value: translation.value };
    return { type: "filter", key: translation.key, operator: token.negated ? "!=" : "=", value, ...source };
  }

  private interpretHas(
    token: Extract<Token, { kind: "filter" }>,
    source: { column: number; text: string },
  ): SearchNode {
    const { value } = token;
    const name =
      value.form === "bare" && HAS_BARE_KEY.test(value.text)
        ? value.text
        : value.form === "quoted" && HAS_QUOTED_KEY.test(value.text)
          ? value.text
          : null;
    if (name === null) {
      this.error('Invalid format for "has" search: was expecting a field or tag instead', token.start);
    }
    const key = resolveKeyAlias(name);
    if (!isHasKey(key)) {
      this.error(
        `Invalid key for "has" search: ${name}. Sift supports "has" on [assigned, ${HAS_KEYS.join(", ")}].`,
        token.start,
      );
    }
    return { type: "has", key, negated: token.negated, ...source };
  }

  /** A value's text: quoted content, or a bare value checked for stray quotes and unescaped. */
  private valueText(value: RawValue, start: number): string {
    if (value.form === "quoted") return value.text;
    if (value.form === "list") return value.raw;
    const text = value.text;
    for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) {
      if (i === 0 || text[i - 1] !== "\\") {
        this.error(`Invalid quote at '${text}': quotes must enclose text or be escaped.`, start);
      }
    }
    return text.replaceAll('\\"', '"');
  }

  private invalidNumber(key: string, raw: string, start: number): never {
    return this.error(
      `${key}: Invalid number: ${raw}. Expected number then optional k, m, or b suffix (e.g. 500k).`,
      start,
    );
  }

  private invalidDate(key: string, raw: string, start: number): never {
    const example = exampleDate(this.options.now ?? new Date());
    return this.error(
      `${key}: Invalid date: ${raw}. Expected +/-duration (e.g. +1h) or ISO 8601-like (e.g. ${example}).`,
      start,
    );
  }

  private invalidBoolean(key: string, raw: string, start: number): never {
    return this.error(`${key}: Invalid boolean: ${raw}. Expected true, 1, false, or 0.`, start);
  }
}

function combine(type: "and" | "or", nodes: SearchNode[]): SearchNode {
  const children = nodes.flatMap((n) => (n.type === type ? n.children : [n]));
  return children.length === 1 ? children[0]! : { type, children };
}

/** Unmatched parentheses, reported like the reference's parser does (5 characters either side). */
function checkParentheses(text: string, tokens: Token[]): void {
  const open: number[] = [];
  const fail = (start: number): never => {
    const column = start + 1;
    const context = text.slice(Math.max(0, column - 5), column + 5);
    throw new SearchError(`Parse error at '${context}' (column ${column}). ${PAREN_HINT}`, column);
  };
  for (const token of tokens) {
    if (token.kind === "lparen") open.push(token.start);
    else if (token.kind === "rparen" && open.pop() === undefined) fail(token.start);
  }
  if (open.length > 0) fail(open[0]!);
}

/**
 * Parses an issue search query (Sentry's grammar plus Sift's AND / OR / parentheses) into a
 * typed tree. Throws {@link SearchError} with the reference's message and the column it points at.
 */
export function parseSearchQuery(text: string, options: ParseOptions = {}): SearchQuery {
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    throw new SearchError(
      `Invalid character at column ${nul + 1}: the query contains a NUL character.`,
      nul + 1,
    );
  }
  const tokens = tokenize(text);
  checkParentheses(text, tokens);
  return { text, root: new Parser(text, tokens, options).parse() };
}
