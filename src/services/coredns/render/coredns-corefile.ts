import type { ClusterDnsSettings } from '../model/coredns-settings.js';

/** One entry of the chart's `servers` list; the chart renders `name parameters { configBlock }`. */
export interface CorefilePlugin {
  readonly name: string;
  readonly parameters?: string;
  readonly configBlock?: string;
}

export interface CorefileServer {
  readonly zones: ReadonlyArray<{ readonly zone: string; readonly use_tcp?: boolean }>;
  readonly port: number;
  readonly plugins: readonly CorefilePlugin[];
}

const METRICS: CorefilePlugin = { name: 'prometheus', parameters: '0.0.0.0:9153' };

function plugin(name: string, parameters?: string, configLines: readonly string[] = []): CorefilePlugin {
  return { name, ...(parameters ? { parameters } : {}), ...(configLines.length > 0 ? { configBlock: configLines.join('\n') } : {}) };
}

function cachePlugin(cache: ClusterDnsSettings['cache']): CorefilePlugin {
  const lines = [...(cache.prefetch !== undefined ? [`prefetch ${cache.prefetch}`] : []), ...(cache.serveStale ? ['serve_stale'] : [])];
  return plugin('cache', String(cache.ttl), lines);
}

/**
 * The chart's `servers` for one cluster. Setting `servers` replaces the chart's whole list, so
 * the main block repeats the chart's defaults (health, ready, kubernetes, metrics, loop, reload,
 * loadbalance) and stays the same for every chart version: `use_tcp` keeps TCP 53 on the
 * Service (1.46 dropped it from the default), `lameduck 10s` lets in-flight queries finish.
 */
export function corefileServers(settings: ClusterDnsSettings): CorefileServer[] {
  const hosts = Object.entries(settings.hosts);
  const main: CorefileServer = {
    zones: [{ zone: '.', use_tcp: true }],
    port: 53,
    plugins: [
      plugin('errors'),
      plugin('health', undefined, ['lameduck 10s']),
      plugin('ready'),
      // template runs before hosts and kubernetes in CoreDNS' plugin chain: every AAAA is empty.
      ...(settings.suppressAAAA ? [plugin('template', 'ANY AAAA', ['rcode NOERROR'])] : []),
      plugin('kubernetes', 'cluster.local in-addr.arpa ip6.arpa', ['pods insecure', 'fallthrough in-addr.arpa ip6.arpa', 'ttl 30']),
      ...(hosts.length > 0 ? [plugin('hosts', undefined, [...hosts.map(([name, address]) => `${address} ${name}`), 'fallthrough'])] : []),
      METRICS,
      plugin('forward', `. ${settings.forwarders.join(' ')}`),
      cachePlugin(settings.cache),
      plugin('loop'),
      plugin('reload'),
      plugin('loadbalance'),
    ],
  };
  const stubs = Object.entries(settings.stubDomains as Record<string, readonly string[]>).map(([zone, upstreams]): CorefileServer => ({
    zones: [{ zone, use_tcp: true }],
    port: 53,
    plugins: [plugin('errors'), METRICS, plugin('forward', `. ${upstreams.join(' ')}`), cachePlugin(settings.cache), plugin('loop')],
  }));
  return [main, ...stubs];
}
