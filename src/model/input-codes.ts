/**
 * Every input rule, by its stable code. Callers (the generators, scripts reading `--format json`
 * of a refusal) react to a code, never to message text, and each code has a test named after it
 * (test/model/input-codes.test.ts fails when one has none). Add a rule here first.
 */
export const INPUT_RULES = {
  // The shape of an answers file (zod)
  'answers-unknown-key': 'a key the answers format does not have',
  'answers-wrong-type': 'a field of the wrong type (a map where a list goes, text where a number goes)',
  'answers-invalid': 'a field outside its allowed values (e.g. layout.kind)',
  // Chart
  'chart-version-invalid': 'chart.version is MAJOR.MINOR.PATCH',
  'chart-source-invalid': 'chart.source is helm or oci',
  'chart-source-not-on-oci': 'oci only for chart versions published to the OCI registry',
  // Clusters
  'clusters-empty': 'at least one cluster',
  'cluster-name-invalid': 'a cluster name is a DNS label short enough for its Flux Kustomization name',
  'cluster-name-duplicate': 'cluster names are unique',
  'replicas-invalid': 'replicas is a whole number from 1 to 100',
  'service-cidr-invalid': 'serviceCidr is a network/prefix the kube-apiserver accepts',
  'dns-ip-invalid': 'dnsIp is an IP address',
  'dns-ip-outside-range': 'dnsIp is a usable address of serviceCidr (same family, not its network or broadcast address)',
  'depends-on-invalid': 'dependsOn names Kubernetes objects',
  'label-key-invalid': 'label keys are Kubernetes label keys',
  'label-value-invalid': 'label values are Kubernetes label values',
  // Alerts
  'alert-job-invalid': 'alerts.job is a job label a scrape can produce',
  'alert-for-invalid': 'an alert `for` is a Prometheus duration',
  'alert-severity-invalid': 'an alert severity is critical, warning or info',
  'alert-threshold-invalid': 'alerts.errorRatio.threshold is a ratio between 0 and 1',
  'alert-latency-invalid': 'alerts.latency.p99Seconds is above 0 and at most 60',
  'alert-name-duplicate': 'alert names are unique in the PrometheusRule, the default alerts included',
  'alert-preset-unknown': 'a preset is one of the catalogue',
  'alert-name-missing': 'a custom alert has a name',
  'alert-name-invalid': 'an alert name is a Prometheus alert name',
  'alert-expr-missing': 'a custom alert has an expression',
  'alert-expr-syntax': "an alert expression parses with Prometheus' grammar",
  'alert-flux-substitution': 'alert text holds nothing Flux would substitute',
  'alert-group-invalid': 'an alert group name is a DNS label',
  'alert-runbook-url-invalid': 'a runbook URL is an http(s) URL',
  // Chart values and CoreDNS settings
  'values-shared-key': 'a per-cluster value does not set what the shared HelmRelease sets',
  'values-key-unknown': 'a value override is a key the pinned chart reads',
  'values-type-mismatch': 'a value override has the type the chart gives it (list, map or single value)',
  'upstreams-count': 'a forwarder or stub-domain list has 1 to 15 upstreams',
  'upstream-invalid': 'an upstream is an IP address (with an optional port)',
  'setting-number-invalid': 'cache and autoscaler numbers are whole numbers in their range',
  'placement-invalid': 'placement is any or control-plane',
  'stub-domain-invalid': 'a stub domain is a DNS zone name',
  'stub-domain-cluster-zone': "a stub domain is not a zone the cluster's own server block serves",
  'host-name-invalid': 'a hosts entry name is a DNS name',
  'host-address-invalid': 'a hosts entry maps to an IP address',
  'autoscaler-min-above-max': 'autoscaler min is at most max',
  'suppress-aaaa-dual-stack': 'suppressAAAA is off on dual-stack clusters',
  'service-cidr-v6-invalid': 'serviceCidrV6 is an IPv6 network/prefix the kube-apiserver accepts',
  'service-cidr-v6-needs-ipv4': 'serviceCidrV6 goes with an IPv4 serviceCidr',
  'dns-ip-v6-without-cidr': 'dnsIpV6 only with serviceCidrV6',
  'dns-ip-v6-invalid': 'dnsIpV6 is a usable address of serviceCidrV6',
  'monitoring-depends-on-invalid': 'monitoring.dependsOn names Flux Kustomizations',
  'drift-detection-invalid': 'flux.driftDetection is a drift detection mode',
  'chart-interval-invalid': 'flux.chartInterval is a Go duration',
  // CI answers
  'ci-answers-not-map': 'the CI answers are a map',
  'ci-answer-unknown': 'a key the CI answers do not have',
  'ci-gitops-paths-invalid': 'gitopsPaths is a non-empty list',
  'ci-gitops-path-invalid': 'a gitopsPaths entry is a folder or glob of the repository',
  'ci-node-version-invalid': 'nodeVersion is a Node.js version',
  'ci-renovate-invalid': 'renovate is true or false',
  'ci-package-spec-invalid': 'packageSpec is an npm package spec the workflow can install safely',
  'ci-shards-invalid': 'shards is a whole number from 1 to 256 (the jobs of one GitHub Actions matrix)',
  'ci-renovate-config-not-editable': "the Renovate config the repository has is one the run can extend in place (not package.json's, JSON or JSON5, flux and packageRules of Renovate's types)",
  // Files the run reads or edits
  'answers-file-unreadable': 'the --answers file exists and can be opened',
  'answers-file-not-regular': 'the --answers file is a regular file (not a FIFO, directory or device)',
  'answers-file-too-large': 'the --answers file is at most 1 MiB',
  'answers-file-syntax': 'the --answers file is YAML or JSON',
  'answers-file-outside': 'the --answers file is no link out of the repository and no file of /proc, /sys or /dev',
  'answers-file-encoding': 'the --answers file is UTF-8',
  'answers-file-not-map': 'the --answers file holds a map',
  'yo-rc-invalid': '.yo-rc.json is a JSON object',
  'stored-answers-missing': 'platform:cluster and platform:alert need the answers platform:coredns stored',
  'stored-layout-unsupported': 'platform:cluster and platform:alert change only a layout where the change fits (no cluster added to or removed from apps, nothing with an adopted release)',
  'existing-yaml-invalid': 'a file the run edits is valid YAML',
  'existing-file-empty': 'a kustomization.yaml the run edits is not empty',
  'existing-resources-not-list': "a kustomization.yaml's resources is a list",
  'existing-configmap-data-not-map': "a settings ConfigMap's data is a map",
  // Options
  'option-required': 'without a terminal, what would be asked comes as an option',
  'option-values-mixed': 'a per-cluster option is all name=value pairs or all plain values',
  'option-values-count': 'a per-cluster option of plain values has one per cluster',
  'option-cluster-unknown': 'a name=value pair names a cluster of the list',
  'preset-option-conflict': '--preset is not combined with options that would change the preset',
  'remove-cluster-unknown': '--remove names a cluster of this repository',
  'remove-cluster-last': '--remove keeps at least one cluster',
  // CoreDNS already in the repository
  'coredns-release-foreign': 'a CoreDNS HelmRelease we do not manage stops the run (or is adopted)',
  'adopt-release-missing': '--adopt needs a CoreDNS HelmRelease in the repository',
  'adopt-release-ambiguous': '--adopt needs exactly one CoreDNS HelmRelease',
  'adopt-release-gone': 'the adopted file still holds the CoreDNS HelmRelease',
  'adopt-one-cluster': 'an adopted release serves one cluster',
  'adopt-release-too-large': 'an adopted release file is at most 1 MiB',
} as const;

/** A stable name for one input rule. */
export type InputCode = keyof typeof INPUT_RULES;

/** Input issue code: two clusters with one name. */
export const DUPLICATE_CLUSTER_NAME: InputCode = 'cluster-name-duplicate';

/** Input issue code: an alert name used twice (a default alert's included). */
export const DUPLICATE_ALERT_NAME: InputCode = 'alert-name-duplicate';
