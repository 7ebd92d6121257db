/**
 * What coredns chart 1.37.3 to 1.38.1 reads from its values (identical in those versions):
 * the shape of its values.yaml, where 'leaf' is a scalar, 'list' a list of free-form items and
 * 'map' a free-form map (Kubernetes objects such as resources or securityContext, or labels).
 * Added to values.yaml's own keys: keys its comments document (service.clusterIP, ...,
 * k8sAppLabelOverride) and fullnameOverride/nameOverride, which the templates honour.
 * test/validate checks this against shared/reference/coredns-chart-1.38.0-values.yaml.
 */
export type ValuesShape = 'leaf' | 'list' | 'map' | { readonly [key: string]: ValuesShape };

export interface ChartProfile {
  readonly chart: string;
  readonly versions: readonly string[];
  readonly shape: ValuesShape;
  /** The defaults the checks merge user values over (the parts they read). */
  readonly defaults: Readonly<Record<string, unknown>>;
}

export const COREDNS_CHART_PROFILE: ChartProfile = {
  chart: 'coredns',
  versions: ['1.37.3', '1.38.0', '1.38.1'],
  shape: {
    image: {
      repository: 'leaf',
      tag: 'leaf',
      pullPolicy: 'leaf',
      pullSecrets: 'list',
    },
    replicaCount: 'leaf',
    resources: 'map',
    rollingUpdate: {
      maxUnavailable: 'leaf',
      maxSurge: 'leaf',
    },
    terminationGracePeriodSeconds: 'leaf',
    podAnnotations: 'map',
    serviceType: 'leaf',
    prometheus: {
      service: {
        enabled: 'leaf',
        annotations: 'map',
        selector: 'map',
      },
      monitor: {
        enabled: 'leaf',
        additionalLabels: 'map',
        namespace: 'leaf',
        interval: 'leaf',
        selector: 'map',
      },
    },
    service: {
      name: 'leaf',
      annotations: 'map',
      selector: 'map',
      clusterIP: 'leaf',
      clusterIPs: 'list',
      loadBalancerIP: 'leaf',
      loadBalancerClass: 'leaf',
      externalIPs: 'list',
      externalTrafficPolicy: 'leaf',
      ipFamilyPolicy: 'leaf',
      trafficDistribution: 'leaf',
    },
    serviceAccount: {
      create: 'leaf',
      name: 'leaf',
      annotations: 'map',
    },
    rbac: {
      create: 'leaf',
    },
    clusterRole: {
      nameOverride: 'leaf',
    },
    isClusterService: 'leaf',
    priorityClassName: 'leaf',
    podSecurityContext: 'map',
    securityContext: 'map',
    servers: 'list',
    extraConfig: 'map',
    livenessProbe: {
      enabled: 'leaf',
      initialDelaySeconds: 'leaf',
      periodSeconds: 'leaf',
      timeoutSeconds: 'leaf',
      failureThreshold: 'leaf',
      successThreshold: 'leaf',
    },
    readinessProbe: {
      enabled: 'leaf',
      initialDelaySeconds: 'leaf',
      periodSeconds: 'leaf',
      timeoutSeconds: 'leaf',
      failureThreshold: 'leaf',
      successThreshold: 'leaf',
    },
    affinity: 'map',
    topologySpreadConstraints: 'list',
    nodeSelector: 'map',
    tolerations: 'list',
    podDisruptionBudget: 'map',
    zoneFiles: 'list',
    extraContainers: 'list',
    extraVolumes: 'list',
    extraVolumeMounts: 'list',
    extraSecrets: 'list',
    env: 'list',
    customLabels: 'map',
    customAnnotations: 'map',
    hpa: {
      enabled: 'leaf',
      minReplicas: 'leaf',
      maxReplicas: 'leaf',
      metrics: 'list',
    },
    autoscaler: {
      enabled: 'leaf',
      coresPerReplica: 'leaf',
      nodesPerReplica: 'leaf',
      min: 'leaf',
      max: 'leaf',
      includeUnschedulableNodes: 'leaf',
      preventSinglePointFailure: 'leaf',
      podAnnotations: 'map',
      image: {
        repository: 'leaf',
        tag: 'leaf',
        pullPolicy: 'leaf',
        pullSecrets: 'list',
      },
      priorityClassName: 'leaf',
      affinity: 'map',
      nodeSelector: 'map',
      tolerations: 'list',
      resources: 'map',
      configmap: {
        annotations: 'map',
      },
      livenessProbe: {
        enabled: 'leaf',
        initialDelaySeconds: 'leaf',
        periodSeconds: 'leaf',
        timeoutSeconds: 'leaf',
        failureThreshold: 'leaf',
        successThreshold: 'leaf',
      },
      extraContainers: 'list',
    },
    deployment: {
      skipConfig: 'leaf',
      enabled: 'leaf',
      name: 'leaf',
      annotations: 'map',
      selector: 'map',
    },
    k8sAppLabelOverride: 'leaf',
    fullnameOverride: 'leaf',
    nameOverride: 'leaf',
  },
  defaults: {
    replicaCount: 1,
    isClusterService: true,
    podSecurityContext: {},
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    },
    podDisruptionBudget: {},
    topologySpreadConstraints: [],
    hpa: { enabled: false },
    autoscaler: { enabled: false },
    deployment: { enabled: true },
    service: {},
    prometheus: { service: { enabled: false }, monitor: { enabled: false } },
  },
};

/** The profile for a chart and version, if the validator has one. */
export function findChartProfile(chart: string, version: string): ChartProfile | undefined {
  return [COREDNS_CHART_PROFILE].find((profile) => profile.chart === chart && profile.versions.includes(version));
}
