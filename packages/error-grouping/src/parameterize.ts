/**
 * Message normalization for grouping: the first two non-empty lines, with the variable parts of a
 * message (emails, URLs, hostnames, IPs, UUIDs, hashes, dates, durations, numbers, `key=value` values)
 * replaced by `<name>` placeholders. The patterns and their order are Sentry's; one combined regex,
 * so at each position the first pattern that matches wins.
 */

const IPV4_OCTET = String.raw`(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])`;
const IPV4 = String.raw`(${IPV4_OCTET}\.){3,3}${IPV4_OCTET}`;
const H = "[0-9a-fA-F]";
const IPV6 = [
  String.raw`(${H}{1,4}:){7,7}${H}{1,4}`,
  String.raw`(${H}{1,4}:){1,7}:`,
  String.raw`(${H}{1,4}:){1,6}:${H}{1,4}`,
  String.raw`(${H}{1,4}:){1,5}(:${H}{1,4}){1,2}`,
  String.raw`(${H}{1,4}:){1,4}(:${H}{1,4}){1,3}`,
  String.raw`(${H}{1,4}:){1,3}(:${H}{1,4}){1,4}`,
  String.raw`(${H}{1,4}:){1,2}(:${H}{1,4}){1,5}`,
  String.raw`${H}{1,4}:((:${H}{1,4}){1,6})`,
  String.raw`:((:${H}{1,4}){1,7}|:)`,
  String.raw`fe80:(:${H}{0,4}){0,4}%[0-9a-zA-Z]{1,}`,
  String.raw`::(ffff(:0{1,4}){0,1}:){0,1}${IPV4}`,
  String.raw`(${H}{1,4}:){1,4}:${IPV4}\b`,
].join("|");

const TLDS =
  "com|net|org|jp|de|uk|fr|br|it|ru|es|me|gov|pl|ca|au|cn|co|in|nl|edu|info|eu|ch|id|at|kr|cz|mx|be|tv|se|tr|tw|al|ua|ir|vn|cl|sk|ly|cc|to|no|fi|us|pt|dk|ar|hu|tk|gr|il|news|ro|my|biz|ie|za|nz|sg|ee|th|io|xyz|pe|bg|hk|rs|lt|link|ph|club|si|site|mobi|by|cat|wiki|la|ga|xxx|cf|hr|ng|jobs|online|kz|ug|gq|ae|is|lv|pro|fm|tips|ms|sa|app";

const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const DAY = "(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)";
const ZONE = String.raw`(?:UT|GMT|(?:E|C|M|P)(?:ST|DT)|[A-IK-Z])`;
const DATE = [
  // RFC 822, RFC 1123, RFC 1123Z
  String.raw`(${DAY},\s\d{1,2}\s${MONTH}\s\d{2,4}\s\d{1,2}:\d{1,2}(:\d{1,2})?\s([-\+][\d]{2}[0-5][\d]|${ZONE}))`,
  // "Mon Jan 02, 1999", "Jan 02, 1999"
  String.raw`((${DAY}\s)?${MONTH}\s[0-3]\d,\s\d{2,4})`,
  // RFC 850
  String.raw`((?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday),\s\d{2}-${MONTH}-\d{2}\s\d{2}:\d{2}:\d{2}\s${ZONE})`,
  // RFC 3339 (with nanoseconds)
  String.raw`(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?([+-]?\d{2}:\d{2})?)`,
  // date and time
  String.raw`(\d{4}-?[01]\d-?[0-3]\d\s[0-2]\d:[0-5]\d:[0-5]\d)(\.\d+)?`,
  // kitchen time (Sentry's verbose regex drops the space before AM/PM)
  String.raw`(\d{1,2}:\d{2}(:\d{2})?(?:[aApP][Mm])?)`,
  String.raw`(\d{4}-[01]\d-[0-3]\d)`,
  String.raw`([0-2]\d:[0-5]\d:[0-5]\d)`,
  String.raw`((\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d+([+-][0-2]\d:[0-5]\d|Z))|(\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d([+-][0-2]\d:[0-5]\d|Z))|(\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d([+-][0-2]\d:[0-5]\d|Z)))`,
  String.raw`(\b(?:${DAY}\s+)?${MONTH}\s+([\d]{1,2})\s+([\d]{2}:[\d]{2}:[\d]{2})\s+[\d]{4})`,
  String.raw`(\b(?:${DAY},\s+)?(0[1-9]|[1-2]?[\d]|3[01])\s+${MONTH}\s+(19[\d]{2}|[2-9][\d]{3})\s+(2[0-3]|[0-1][\d]):([0-5][\d])(?::(60|[0-5][\d]))?\s+([-\+][\d]{2}[0-5][\d]|${ZONE}))`,
  String.raw`(datetime.datetime\(.*?\))`,
].join("|");

const PATTERNS: [name: string, pattern: string][] = [
  ["email", String.raw`[a-zA-Z0-9.!#$%&'*+/=?^_\`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*`],
  ["url", String.raw`\b(wss?|https?|ftp):\/\/[^\s/$.?#].[^\s]*`],
  ["hostname", String.raw`\b([a-zA-Z0-9\-]{1,63}\.)+?((${TLDS.toUpperCase()})|(${TLDS}))\b`],
  ["ip", String.raw`(${IPV6})|(\b${IPV4}\b)`],
  ["uuid", String.raw`\b${H}{8}-${H}{4}-${H}{4}-${H}{4}-${H}{12}\b`],
  ["sha1", String.raw`\b${H}{40}\b`],
  ["md5", String.raw`\b${H}{32}\b`],
  ["date", DATE],
  ["duration", String.raw`\b(\d+ms)|(\d+(\.\d+)?s)\b`],
  ["hex", String.raw`\b0[xX][0-9a-fA-F]+\b`],
  ["float", String.raw`-\d+\.\d+\b|\b\d+\.\d+\b`],
  ["int", String.raw`-\d+\b|\b\d+\b`],
  ["quoted_str", String.raw`(?<==)(?:'([^']+)'|"([^"]+)")`],
  ["bool", String.raw`(?<==)(?:True|true|False|false)`],
];

const PARAMETER_RE = new RegExp(PATTERNS.map(([name, p]) => `(?<${name}>${p})`).join("|"), "g");

/** Python's `str.splitlines()` line boundaries. */
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Replaces the variable parts of a text with `<email>`, `<url>`, `<int>`, … placeholders. */
export function parameterize(text: string): string {
  return text.replace(PARAMETER_RE, (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    for (const [name] of PATTERNS) if (groups[name] !== undefined) return `<${name}>`;
    return "";
  });
}

/**
 * A message or exception value as it groups: its first two non-empty lines (`...` appended when
 * anything was cut), parameterized.
 */
export function normalizeMessageForGrouping(message: string): string {
  const lines = message.split(LINE_BREAK).filter((line) => line.trim() !== "");
  let trimmed = lines.slice(0, 2).join("\n").trim();
  if (trimmed !== message) trimmed += "...";
  return parameterize(trimmed);
}
