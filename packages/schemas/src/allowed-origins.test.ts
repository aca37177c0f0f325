import { describe, expect, it } from "vitest";
import { isAllowedOrigin, parseAllowedDomain } from "./allowed-origins.js";

describe("allowed origins", () => {
  it("parses the entries Sentry accepts and refuses the rest", () => {
    expect(parseAllowedDomain("*")).toEqual({ scheme: null, host: "*", subdomains: false, port: null });
    expect(parseAllowedDomain("Example.com")).toEqual({
      scheme: null,
      host: "example.com",
      subdomains: false,
      port: null,
    });
    expect(parseAllowedDomain("https://*.example.com:8443/app/*")).toEqual({
      scheme: "https",
      host: "example.com",
      subdomains: true,
      port: "8443",
    });
    expect(parseAllowedDomain("localhost:*")).toEqual({
      scheme: null,
      host: "localhost",
      subdomains: false,
      port: "*",
    });
    for (const bad of ["", "exa mple.com", "http://", "*example.com", "example.com:99999", "a".repeat(300)])
      expect(parseAllowedDomain(bad)).toBeNull();
  });

  it("matches an origin by scheme, host, subdomain and port", () => {
    const entries = ["https://app.example.com", "*.example.org", "localhost:3000"];
    expect(isAllowedOrigin("https://app.example.com", entries)).toBe(true);
    expect(isAllowedOrigin("http://app.example.com", entries)).toBe(false);
    expect(isAllowedOrigin("https://evil-app.example.com", entries)).toBe(false);
    expect(isAllowedOrigin("https://example.org", entries)).toBe(true);
    expect(isAllowedOrigin("https://a.b.example.org:8080", entries)).toBe(true);
    expect(isAllowedOrigin("https://example.org.evil.net", entries)).toBe(false);
    expect(isAllowedOrigin("http://localhost:3000", entries)).toBe(true);
    expect(isAllowedOrigin("http://localhost:3001", entries)).toBe(false);
    expect(isAllowedOrigin("https://app.example.com/some/page?q=1", entries)).toBe(true);
  });

  it("allows everything with *, nothing with an empty list, and never a null or opaque origin otherwise", () => {
    expect(isAllowedOrigin("null", ["*"])).toBe(true);
    expect(isAllowedOrigin("https://anything.test", ["example.com", "*"])).toBe(true);
    expect(isAllowedOrigin("https://example.com", [])).toBe(false);
    expect(isAllowedOrigin("null", ["example.com"])).toBe(false);
    expect(isAllowedOrigin("file:///page.html", ["example.com"])).toBe(false);
  });
});
