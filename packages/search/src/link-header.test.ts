import { describe, expect, it } from "vitest";

import { buildLinkHeader } from "./link-header.js";

describe("buildLinkHeader", () => {
  it("writes Sentry's previous/next links, replacing the request's cursor and keeping other params", () => {
    const header = buildLinkHeader(
      "http://localhost:8000/api/0/organizations/acme/issues/?query=is%3Aunresolved+foo&cursor=1:2:0&limit=25",
      {
        previous: { cursor: "1732700000000:7:1", results: true },
        next: { cursor: "1732600000000:3:0", results: false },
      },
    );
    expect(header).toBe(
      '<http://localhost:8000/api/0/organizations/acme/issues/?query=is%3Aunresolved+foo&limit=25&cursor=1732700000000:7:1>; rel="previous"; results="true"; cursor="1732700000000:7:1", ' +
        '<http://localhost:8000/api/0/organizations/acme/issues/?query=is%3Aunresolved+foo&limit=25&cursor=1732600000000:3:0>; rel="next"; results="false"; cursor="1732600000000:3:0"',
    );
  });

  it("without other parameters the URL ends in ?&cursor=, as Sentry's does", () => {
    const header = buildLinkHeader("https://sift.example/api/0/projects/acme/web/issues/", {
      previous: { cursor: "0:0:1", results: false },
      next: { cursor: "0:0:0", results: false },
    });
    expect(header).toBe(
      '<https://sift.example/api/0/projects/acme/web/issues/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
        '<https://sift.example/api/0/projects/acme/web/issues/?&cursor=0:0:0>; rel="next"; results="false"; cursor="0:0:0"',
    );
  });
});
