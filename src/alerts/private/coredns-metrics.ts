/**
 * Metrics CoreDNS 1.11.4 to 1.13 exports (coredns/coredns source; shared/reference/coredns-alerts.md).
 * Histograms are listed by base name; their _bucket/_sum/_count series are accepted too.
 */
const COREDNS_METRICS = new Set([
  'coredns_build_info',
  'coredns_panics_total',
  'coredns_plugin_enabled',
  'coredns_reload_failed_total',
  'coredns_dns_requests_total',
  'coredns_dns_request_duration_seconds',
  'coredns_dns_request_size_bytes',
  'coredns_dns_responses_total',
  'coredns_dns_response_size_bytes',
  'coredns_dns_do_requests_total',
  'coredns_proxy_request_duration_seconds',
  'coredns_proxy_healthcheck_failures_total',
  'coredns_proxy_conn_cache_hits_total',
  'coredns_proxy_conn_cache_misses_total',
  'coredns_forward_healthcheck_broken_total',
  'coredns_forward_max_concurrent_rejects_total',
  'coredns_cache_entries',
  'coredns_cache_requests_total',
  'coredns_cache_hits_total',
  'coredns_cache_misses_total',
  'coredns_cache_drops_total',
  'coredns_cache_evictions_total',
  'coredns_cache_prefetch_total',
  'coredns_cache_served_stale_total',
  'coredns_kubernetes_dns_programming_duration_seconds',
  'coredns_kubernetes_rest_client_requests_total',
  'coredns_kubernetes_rest_client_rate_limiter_duration_seconds',
  'coredns_hosts_entries',
  'coredns_hosts_reload_timestamp_seconds',
  'coredns_health_request_duration_seconds',
  'coredns_health_request_failures_total',
  'coredns_local_localhost_requests_total',
  'coredns_autopath_success_total',
  'coredns_dnssec_cache_entries',
  'coredns_dnssec_cache_hits_total',
  'coredns_dnssec_cache_misses_total',
  'coredns_template_matches_total',
  'coredns_template_template_failures_total',
  'coredns_template_rr_failures_total',
  'coredns_acl_blocked_requests_total',
  'coredns_acl_filtered_requests_total',
  'coredns_acl_allowed_requests_total',
  'coredns_grpc_request_duration_seconds',
  'coredns_dns64_requests_translated_total',
]);

/** Forward metrics removed in CoreDNS 1.11, with what replaced them. */
export const REMOVED_METRICS: ReadonlyMap<string, string> = new Map([
  ['coredns_forward_requests_total', 'coredns_proxy_request_duration_seconds_count{proxy_name="forward"}'],
  ['coredns_forward_responses_total', 'coredns_proxy_request_duration_seconds_count{proxy_name="forward"} (its rcode label)'],
  ['coredns_forward_request_duration_seconds', 'coredns_proxy_request_duration_seconds{proxy_name="forward"}'],
  ['coredns_forward_request_duration_seconds_bucket', 'coredns_proxy_request_duration_seconds_bucket{proxy_name="forward"}'],
  ['coredns_forward_request_duration_seconds_sum', 'coredns_proxy_request_duration_seconds_sum{proxy_name="forward"}'],
  ['coredns_forward_request_duration_seconds_count', 'coredns_proxy_request_duration_seconds_count{proxy_name="forward"}'],
  ['coredns_forward_healthcheck_failures_total', 'coredns_proxy_healthcheck_failures_total'],
]);

/** Whether CoreDNS exports this series name (histogram suffixes included). */
export function isExportedMetric(name: string): boolean {
  return COREDNS_METRICS.has(name) || COREDNS_METRICS.has(name.replace(/_(bucket|sum|count)$/, ''));
}
