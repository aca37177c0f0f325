/**
 * Bad input for the query API (query strings and bodies are validated at the edge too):
 * requests it must refuse with a 4xx and a `detail`, never a 5xx. `{org}`, `{issue}` and `{event}` are
 * filled in by the scenario.
 */
export interface ApiBadRequest {
  method: "GET" | "PUT" | "DELETE" | "POST";
  /** Path and query under /api/0, already percent-encoded where it needs to be. */
  path: string;
  /** A JSON value, or raw text when a string. */
  body?: unknown;
  rawBody?: string;
  /** Statuses that are right (default: any 4xx). */
  expect?: readonly number[];
}

const e = encodeURIComponent;
const deepParens = "(".repeat(500) + "x" + ")".repeat(500);
const deepJson = '{"status":' + '{"a":'.repeat(5_000) + "1" + "}".repeat(5_000) + "}";

const BAD_QUERIES = [
  "(",
  ")",
  "is:bogus",
  "times_seen:>abc",
  "times_seen:>99999999999999999999",
  "firstSeen:-99999999d",
  "lastSeen:>2026-13-45",
  'message:"unterminated',
  "level:",
  "age:-1y",
  "first_seen:>9999-12-31T99:99",
  "AND",
  "OR OR",
  "status:",
  "issue.priority:urgent",
  "issue.category:nope",
  "assigned:#no-such-team",
  "x".repeat(10_000),
  "title:a\u0000b",
  deepParens,
  "!!!:::",
  "times_seen:>=1e400",
];

export function apiBadRequests(): ApiBadRequest[] {
  const list = "/organizations/{org}/issues/";
  const issue = "/organizations/{org}/issues/{issue}/";
  const out: ApiBadRequest[] = [];
  const get = (path: string, expect?: readonly number[]) => out.push({ method: "GET", path, expect });
  for (const limit of ["0", "-1", "101", "abc", "1e3", "99999999999999999999", ""])
    get(`${list}?limit=${limit}`);
  for (const cursor of [
    "garbage",
    "1:2:3:4",
    "%00",
    "9999999999999999999999:0:0",
    "-1:-1:0",
    "0:-5:1",
    "abc:def:ghi",
  ])
    get(`${list}?cursor=${cursor}`);
  for (const query of BAD_QUERIES) get(`${list}?query=${e(query)}`);
  get(`${list}?query=%FF%FE`);
  for (const sort of ["bogus", "", "date;DROP TABLE issues"]) get(`${list}?sort=${e(sort)}`);
  for (const period of ["abc", "99999999d", "-1h", "1y", "0s"]) get(`${list}?statsPeriod=${period}`);
  get(`${list}?start=garbage&end=garbage`);
  get(`${list}?start=2026-11-27T00:00:00Z&end=2026-11-20T00:00:00Z`);
  get(`${list}?start=2026-11-27T00:00:00Z`);
  get(`${list}?groupStatsPeriod=bogus`);
  get(`${list}?project=abc`);
  get(`${list}?project=99999999999999999999`);
  get(`${list}?project=-5`);
  get(`${list}?environment=%00`);
  get(`${list}?expand=bogus&collapse=bogus`);
  get(`${list}?id=abc`);
  get(`${list}?id=99999999999999999999`);
  for (const id of ["abc", "-1", "99999999999999999999", "WEB-!!!", "%00", "x".repeat(190), "1.5", "0x10"])
    get(`/organizations/{org}/issues/${id}/`, [400, 404]);
  for (const id of ["%00", "WEB-", "-1", "x".repeat(190)])
    get(`/organizations/{org}/shortids/${id}/`, [400, 404]);
  for (const q of ["per_page=-1", "per_page=abc", "per_page=1000000", "cursor=abc", "cursor=0:-1:0"])
    get(`${issue}events/?${q}`);
  for (const ev of ["garbage", "%00", "x".repeat(99)]) get(`${issue}events/${ev}/`, [400, 404]);

  const put = (body: unknown, rawBody?: string, path = issue) =>
    out.push({ method: "PUT", path, body, rawBody });
  put(undefined, "{not json");
  put(undefined, "[1,2]");
  put(undefined, deepJson);
  put(undefined, '"just a string"');
  for (const body of [
    { status: 5 },
    { status: "bogus" },
    { statusDetails: "x" },
    { status: "ignored", ignoreDuration: -1 },
    { status: "ignored", ignoreDuration: 1e20 },
    { status: "ignored", ignoreWindow: 99_999 },
    { assignedTo: 123 },
    { assignedTo: "user:99999999999999999999" },
    { assignedTo: "team:abc" },
    { priority: "bogus" },
    { substatus: "bogus" },
    { status: "resolved", statusDetails: { inRelease: "x".repeat(300) } },
    { status: "resolved", statusDetails: { inCommit: { commit: 1 } } },
    { status: "resolved", statusDetails: { inRelease: "no-such-release@0.0.0" } },
    { isBookmarked: "yes" },
    { snoozeDuration: "soon" },
  ])
    put(body, undefined);
  put({ status: 5 }, undefined, list);
  put({ status: "resolved" }, undefined, `${list}?id=abc`);
  put({ status: "resolved" }, undefined, `${list}?query=${e("(")}`);
  out.push({ method: "DELETE", path: `${list}?id=abc` });
  out.push({ method: "DELETE", path: `${list}?query=${e("is:bogus")}` });

  const post = (body: unknown, rawBody?: string) =>
    out.push({ method: "POST", path: "/organizations/{org}/releases/", body, rawBody });
  post(undefined, "{not json");
  for (const body of [
    {},
    { version: "" },
    { version: "x".repeat(300) },
    { version: "a\u0000b" },
    { version: 42 },
    { version: "ok@1.0.0", projects: "web" },
    { version: "ok@1.0.0", projects: ["no-such-project"] },
    { version: "ok@1.0.0", dateReleased: "garbage" },
    { version: "ok@1.0.0", commits: "abc" },
    { version: "ok@1.0.0", commits: [{ id: 5 }] },
  ])
    post(body);
  out.push({
    method: "PUT",
    path: `/organizations/{org}/releases/${e("a\u0000b")}/`,
    body: { status: "archived" },
  });
  out.push({ method: "PUT", path: `/organizations/{org}/releases/{release}/`, body: { status: "bogus" } });
  out.push({
    method: "PUT",
    path: `/organizations/{org}/releases/{release}/`,
    body: { dateReleased: "garbage" },
  });
  return out;
}
