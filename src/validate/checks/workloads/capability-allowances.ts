/**
 * Capabilities a chart's containers may add, by chart name: the only additions the workload
 * checks accept (each as a note), whatever Pod Security would admit. CoreDNS runs as non-root
 * and binds port 53, so it needs NET_BIND_SERVICE and nothing else.
 */
const CAPABILITY_ALLOWANCES: Readonly<Record<string, readonly string[]>> = {
  coredns: ['NET_BIND_SERVICE'],
};

/** The capabilities `chart` may add (none for a chart without an entry). */
export const allowedCapabilities = (chart: string): readonly string[] => CAPABILITY_ALLOWANCES[chart] ?? [];
