import { describe, expect, it } from "vitest";
import { createOutboundGuard } from "./outbound-guard.js";

const refused = (guard: ReturnType<typeof createOutboundGuard>, host: string, address: string): boolean => {
  try {
    guard.check(host, address);
    return false;
  } catch {
    return true;
  }
};

describe("the outbound guard", () => {
  it("refuses private, loopback and link-local addresses, also IPv4-mapped ones", () => {
    const guard = createOutboundGuard();
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "0.0.0.0",
    ])
      expect(refused(guard, "example.com", a), a).toBe(true);
    for (const a of ["93.184.216.34", "2606:4700::1111"])
      expect(refused(guard, "example.com", a), a).toBe(false);
  });

  it("lets the allow list's hosts, addresses and CIDRs through", () => {
    const guard = createOutboundGuard(["127.0.0.1", "10.0.0.0/8", "hooks.internal"]);
    expect(refused(guard, "localhost", "127.0.0.1")).toBe(false);
    expect(refused(guard, "localhost", "127.0.0.2")).toBe(true);
    expect(refused(guard, "x", "10.9.9.9")).toBe(false);
    expect(refused(guard, "hooks.internal", "192.168.0.5")).toBe(false);
  });
});
