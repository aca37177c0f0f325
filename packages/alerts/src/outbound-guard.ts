import { BlockList, isIP } from "node:net";
import { SiftError } from "@sift/schemas";

/** An outbound address the guard refuses (private, loopback, link-local … and not allowed). */
export class OutboundAddressError extends SiftError {
  constructor(host: string, address: string) {
    super("PERMISSION_DENIED", `Refusing to connect to ${host} (${address}): not a public address`, {
      context: { host, address },
    });
  }
}

const DENIED_V4 = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const;
const DENIED_V6 = [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const;

export interface OutboundGuard {
  /** Throws `OutboundAddressError` unless `address` (resolved for `host`) may be connected to. */
  check(host: string, address: string): void;
}

/**
 * The guard for webhook and Slack URLs: private, loopback, link-local, shared and multicast addresses
 * are refused, unless the host name or the address is on the allow list (host names, addresses and
 * CIDRs, such as `127.0.0.1` or `10.0.0.0/8`). It checks the address a connection is about to use,
 * after DNS resolution, so a public name that resolves to a private address is refused too.
 */
export function createOutboundGuard(allow: readonly string[] = []): OutboundGuard {
  const denied = new BlockList();
  for (const [net, prefix] of DENIED_V4) denied.addSubnet(net, prefix, "ipv4");
  for (const [net, prefix] of DENIED_V6) denied.addSubnet(net, prefix, "ipv6");
  const allowed = new BlockList();
  const hosts = new Set<string>();
  for (const entry of allow.map((e) => e.trim()).filter((e) => e !== "")) {
    const [net, bits] = entry.split("/");
    const family = isIP(net!);
    if (family === 0) hosts.add(entry.toLowerCase());
    else if (bits === undefined) allowed.addAddress(net!, family === 4 ? "ipv4" : "ipv6");
    else allowed.addSubnet(net!, Number(bits), family === 4 ? "ipv4" : "ipv6");
  }
  return {
    check(host, address) {
      if (hosts.has(host.toLowerCase())) return;
      let family: "ipv4" | "ipv6" = isIP(address) === 6 ? "ipv6" : "ipv4";
      let plain = address;
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
      if (mapped) {
        plain = mapped[1]!;
        family = "ipv4";
      }
      if (allowed.check(plain, family)) return;
      if (denied.check(plain, family)) throw new OutboundAddressError(host, address);
    },
  };
}
