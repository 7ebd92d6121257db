import ipaddr from 'ipaddr.js';

/** A parsed service CIDR. */
export interface ServiceCidr {
  readonly text: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly network: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefixLength: number;
}

/** Parses `a.b.c.d/n` or an IPv6 prefix; returns an error message instead of throwing. */
export function parseServiceCidr(text: string): ServiceCidr | string {
  if (!text.includes('/')) {
    return `"${text}" has no prefix length`;
  }
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return `"${text}" is not an IPv4 or IPv6 CIDR`;
  }
  const [address, prefixLength] = parsed;
  const family = address.kind();
  const bits = family === 'ipv4' ? 32 : 128;
  const network = family === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(text)
    : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== address.toString()) {
    return `"${text}" has host bits set (the network is ${network.toString()}/${prefixLength})`;
  }
  // A service range needs room for at least the network address, the API server's .1 and DNS.
  if (bits - prefixLength < 4) {
    return `"${text}" is too small for a service range (/${prefixLength})`;
  }
  return { text, family, network, prefixLength };
}

/** Parses one IP address in canonical-enough form; returns an error message instead of throwing. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | string {
  if (!ipaddr.isValid(text)) {
    return `"${text}" is not an IP address`;
  }
  if (ipaddr.IPv4.isValid(text) && !ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return `"${text}" is not a dotted-quad IPv4 address`;
  }
  return ipaddr.parse(text);
}

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, family: 'ipv4' | 'ipv6'): ipaddr.IPv4 | ipaddr.IPv6 {
  const length = family === 'ipv4' ? 4 : 16;
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) {
    bytes.unshift(Number((value >> BigInt(8 * i)) & 0xffn));
  }
  return ipaddr.fromByteArray(bytes);
}

/** The n-th address of the range (0 is the network address). Kubernetes puts DNS at n = 10. */
export function nthAddress(cidr: ServiceCidr, n: number): string {
  return fromBigInt(toBigInt(cidr.network) + BigInt(n), cidr.family).toString();
}

/** Why `address` cannot be a ClusterIP in `cidr`, or undefined when it can. */
export function clusterIpProblem(cidr: ServiceCidr, address: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  if (address.kind() !== cidr.family) {
    return `is ${address.kind() === 'ipv4' ? 'IPv4' : 'IPv6'} but serviceCidr ${cidr.text} is ${cidr.family === 'ipv4' ? 'IPv4' : 'IPv6'}`;
  }
  if (!address.match(cidr.network, cidr.prefixLength)) {
    return `is not inside serviceCidr ${cidr.text}`;
  }
  const bits = cidr.family === 'ipv4' ? 32 : 128;
  const value = toBigInt(address);
  const first = toBigInt(cidr.network);
  const last = first + (1n << BigInt(bits - cidr.prefixLength)) - 1n;
  if (value === first) {
    return `is the network address of ${cidr.text}`;
  }
  if (cidr.family === 'ipv4' && value === last) {
    return `is the broadcast address of ${cidr.text}`;
  }
  return undefined;
}
