import { parseAddress } from '../../../model/network.js';

/** One label of a DNS name: letters, digits, "-" and "_" (SRV-style names), not at the ends. */
const DNS_NAME_LABEL = /^[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?$/;
/** Go durations as the Flux APIs take them (`1h`, `30m`, `1h30m`). */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Checks for the Corefile and Flux fields; each returns what is wrong, or undefined. */
export const dnsFieldChecks = {
  /** A zone or host name as CoreDNS parses it (a trailing dot is allowed). */
  dnsName(value: string): string | undefined {
    const name = value.endsWith('.') ? value.slice(0, -1) : value;
    if (name.length === 0 || name.length > 253) return `"${value}" is not a DNS name`;
    const bad = name.split('.').find((label) => !DNS_NAME_LABEL.test(label));
    if (bad !== undefined) return `"${value}" is not a DNS name (label "${bad}")`;
    return undefined;
  },
  /** A forward or stub-domain upstream: an IP address (optionally `:port`), or a resolv.conf path. */
  upstream(value: string, allowResolvConf: boolean): string | undefined {
    if (allowResolvConf && value.startsWith('/')) return /\s/.test(value) ? `"${value}" contains whitespace` : undefined;
    const withPort = /^\[(.+)\]:(\d+)$/.exec(value) ?? /^([^:]+):(\d+)$/.exec(value);
    const address = withPort ? withPort[1]! : value;
    if (withPort && Number(withPort[2]) > 65535) return `"${value}" has a port above 65535`;
    const parsed = parseAddress(address);
    return typeof parsed === 'string' ? `"${value}" is not an IP address` : undefined;
  },
  wholeNumber(value: number, min: number, max: number): string | undefined {
    if (!Number.isInteger(value)) return `${value} is not a whole number`;
    if (value < min || value > max) return `${value} is not between ${min} and ${max}`;
    return undefined;
  },
  goDuration(value: string): string | undefined {
    return GO_DURATION.test(value) ? undefined : `"${value}" is not a duration`;
  },
};
