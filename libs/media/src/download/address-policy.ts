import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

// Special-purpose blocks (RFC 6890 and successors) that ipaddr.js reports as plain unicast or
// that we want to name explicitly; anything here is never fetched unless an operator opts in.
const EXTRA_DENIED: string[] = [
  '0.0.0.0/8',
  '100.64.0.0/10',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '240.0.0.0/4',
  '64:ff9b::/96', // NAT64: embeds an IPv4 address
  '64:ff9b:1::/48',
  '2001::/23', // IETF protocol assignments incl. Teredo
  '2001:db8::/32',
  '2002::/16', // 6to4: embeds an IPv4 address
  '3fff::/20',
];
const GLOBAL_UNICAST_V6: Cidr = ipaddr.parseCIDR('2000::/3');
// Never allowed, even inside an operator's private CIDR.
const ALWAYS_DENIED_RANGES = new Set(['unspecified', 'multicast', 'broadcast']);

const parseCidrs = (values: string[]): Cidr[] =>
  values.map((value) => {
    if (!ipaddr.isValidCIDR(value)) throw new Error(`invalid CIDR ${value}`);
    return ipaddr.parseCIDR(value);
  });

const inAny = (address: Address, cidrs: Cidr[]): boolean =>
  cidrs.some(
    ([network, bits]) => address.kind() === network.kind() && address.match(network, bits),
  );

/**
 * Which IP addresses an outgoing download may connect to: global unicast only. Loopback,
 * RFC 1918, CGNAT, link-local (incl. 169.254.169.254 metadata), ULA fc00::/7, IPv4-mapped
 * ::ffff:0:0/96, NAT64/6to4/Teredo (they embed IPv4 targets), documentation and reserved blocks
 * are refused. `allowedCidrs` lets an operator reach a self-hosted Chatwoot on a private
 * network on purpose; IPv4-mapped, unspecified, multicast and broadcast stay refused even then.
 */
export class AddressPolicy {
  private readonly allowed: Cidr[];
  private readonly denied = parseCidrs(EXTRA_DENIED);

  public constructor(allowedCidrs: string[] = []) {
    this.allowed = parseCidrs(allowedCidrs);
  }

  public check(raw: string): AddressVerdict {
    const text = raw.replace(/^\[|\]$/g, '');
    if (!ipaddr.isValid(text)) return { allowed: false, reason: 'not an IP address' };
    const address: Address = ipaddr.parse(text);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      return { allowed: false, reason: 'IPv4-mapped IPv6 address' };
    }
    const range = address.range();
    if (ALWAYS_DENIED_RANGES.has(range)) return { allowed: false, reason: `${range} address` };
    if (inAny(address, this.allowed)) return { allowed: true };
    if (range !== 'unicast') return { allowed: false, reason: `${range} address` };
    if (inAny(address, this.denied)) return { allowed: false, reason: 'special-purpose address' };
    if (address.kind() === 'ipv6' && !address.match(GLOBAL_UNICAST_V6)) {
      return { allowed: false, reason: 'not a global unicast IPv6 address' };
    }
    return { allowed: true };
  }
}
