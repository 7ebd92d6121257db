import ipaddr from 'ipaddr.js';
import { quote } from './input-error.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed service CIDR. */
export interface ServiceCidr {
  /** The canonical text: decimal dotted quad, or RFC 5952 (lower case, compressed) for IPv6. */
  readonly text: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly network: Address;
  readonly prefixLength: number;
}

/**
 * kube-apiserver refuses a --service-cluster-ip-range with more than 2^20 addresses: the mask
 * must be at least /12 for IPv4 and /108 for IPv6.
 */
export const MAX_SERVICE_RANGE_BITS = 20;
/** A service range needs room for at least the network address, the API server's .1 and DNS. */
const MIN_SERVICE_RANGE_BITS = 4;

const H16 = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses `a.b.c.d/n` or an IPv6 prefix; returns an error message instead of throwing. IPv4 must
 * be canonical (four decimal numbers, no leading zeros: ipaddr.js and inet_aton read `010` as
 * octal 8, Go and kube-apiserver refuse it). IPv6 may be in any RFC 4291 form; `text` is RFC 5952.
 */
export function parseServiceCidr(text: string): ServiceCidr | string {
  const slash = text.lastIndexOf('/');
  if (slash < 0) {
    return `${quote(text)} has no prefix length`;
  }
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const address = parseIp(addressText);
  if (typeof address === 'string') {
    return `${quote(text)} is not an IPv4 or IPv6 CIDR (${quote(addressText)} ${address})`;
  }
  const family = address.kind();
  const bits = family === 'ipv4' ? 32 : 128;
  // Decimal without leading zeros, like the address: "/016" or "/16x" is a typo, not a prefix.
  const prefixLength = /^(0|[1-9]\d{0,2})$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefixLength < 0 || prefixLength > bits) {
    return `${quote(text)} is not an IPv4 or IPv6 CIDR (the prefix length ${quote(prefixText)} is not a whole number from 0 to ${bits})`;
  }
  const hostBits = bits - prefixLength;
  const value = toBigInt(address);
  const network = fromBigInt((value >> BigInt(hostBits)) << BigInt(hostBits), family);
  const canonical = `${canonicalAddress(network)}/${prefixLength}`;
  if (hostBits > MAX_SERVICE_RANGE_BITS) {
    const limit = bits - MAX_SERVICE_RANGE_BITS;
    return `${quote(text)} is larger than kube-apiserver allows: a service range has at most 2^${MAX_SERVICE_RANGE_BITS} addresses, so an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} prefix must be /${limit} or longer (this one is /${prefixLength})`;
  }
  if (toBigInt(network) !== value) {
    return `${quote(text)} has host bits set (the network is ${canonical})`;
  }
  if (hostBits < MIN_SERVICE_RANGE_BITS) {
    return `${quote(text)} is too small for a service range (/${prefixLength})`;
  }
  return { text: canonical, family, network, prefixLength };
}

/** Parses one IP address (rules as for parseServiceCidr); returns an error message instead of throwing. */
export function parseAddress(text: string): Address | string {
  const address = parseIp(text);
  return typeof address === 'string' ? `${quote(text)} ${address}` : address;
}

/** The canonical text of an address: dotted quad, or RFC 5952 for IPv6. */
export function canonicalAddress(address: Address): string {
  return address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

/** The address, or what is wrong with it (to follow the quoted text). */
function parseIp(text: string): Address | string {
  const zone = text.indexOf('%');
  if (zone >= 0) {
    return `has a zone index (${quote(text.slice(zone))}): it names a network interface of one host, which a Service address cannot have`;
  }
  if (!text.includes(':')) return parseIpv4(text);
  if (!isIpv6Text(text)) return 'is not an IP address';
  const address = ipaddr.IPv6.parse(text);
  if (address.isIPv4MappedAddress()) {
    return `is an IPv4-mapped IPv6 address, which Kubernetes reads as the IPv4 address ${address.toIPv4Address().toString()}`;
  }
  return address;
}

function parseIpv4(text: string): ipaddr.IPv4 | string {
  const parts = text.split('.');
  const hex = parts.find((part) => /^0x/i.test(part));
  if (hex !== undefined) return `has the hexadecimal part ${quote(hex)}; IPv4 addresses are four decimal numbers`;
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) {
    return 'is not an IP address (IPv4: four decimal numbers from 0 to 255, separated by dots)';
  }
  const padded = parts.find((part) => part.length > 1 && part.startsWith('0'));
  if (padded !== undefined) {
    return `has a leading zero in ${quote(padded)}, which some tools read as octal and others as decimal; write each number without leading zeros`;
  }
  return ipaddr.IPv4.parse(text);
}

/** RFC 4291 text: eight groups of 1-4 hex digits, one `::` at most, an optional dotted-quad tail. */
function isIpv6Text(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const all = groups.flat();
  const tail = all.at(-1) ?? '';
  const tailIsIpv4 = tail.includes('.');
  if (tailIsIpv4 && typeof parseIpv4(tail) === 'string') return false;
  const hexGroups = tailIsIpv4 ? all.slice(0, -1) : all;
  if (!hexGroups.every((group) => H16.test(group))) return false;
  const count = all.length + (tailIsIpv4 ? 1 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

function toBigInt(address: Address): bigint {
  return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, family: 'ipv4' | 'ipv6'): Address {
  const length = family === 'ipv4' ? 4 : 16;
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) {
    bytes.unshift(Number((value >> BigInt(8 * i)) & 0xffn));
  }
  return ipaddr.fromByteArray(bytes);
}

/** The n-th address of the range (0 is the network address). Kubernetes puts DNS at n = 10. */
export function nthAddress(cidr: ServiceCidr, n: number): string {
  return canonicalAddress(fromBigInt(toBigInt(cidr.network) + BigInt(n), cidr.family));
}

/** Why `address` cannot be a ClusterIP in `cidr`, or undefined when it can. */
export function clusterIpProblem(cidr: ServiceCidr, address: Address): string | undefined {
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
