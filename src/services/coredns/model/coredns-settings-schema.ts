import { z } from 'zod';

/**
 * The answers that shape CoreDNS per cluster (Corefile, placement, scaling, dual-stack, chart
 * overrides), the monitoring Kustomization and Flux tuning. Every field is optional; `defaults`
 * holds the repository-wide values a cluster may override.
 */

const cacheInput = z.strictObject({
  ttl: z.number().optional(),
  prefetch: z.number().optional(),
  serveStale: z.boolean().optional(),
});

const autoscalerInput = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
});

/** What both `defaults` and a cluster may set. */
export const dnsSettingsShape = {
  forwarders: z.array(z.string()).optional(),
  cache: cacheInput.optional(),
  placement: z.string().optional(),
  stubDomains: z.record(z.string(), z.array(z.string())).optional(),
  hosts: z.record(z.string(), z.string()).optional(),
  suppressAAAA: z.boolean().optional(),
  autoscaler: autoscalerInput.optional(),
  values: z.record(z.string(), z.unknown()).optional(),
};

/** Cluster-only fields: the IPv6 service range makes sense for one cluster only. */
export const clusterSettingsShape = {
  ...dnsSettingsShape,
  serviceCidrV6: z.string().optional(),
  dnsIpV6: z.string().optional(),
};

/** Monitoring files: written, left out, or `auto` (the front doors decide from the repository's Prometheus Operator CRDs). */
export const MONITORING_CHOICES = ['on', 'off', 'auto'] as const;
export type MonitoringChoice = (typeof MONITORING_CHOICES)[number];

export const DRIFT_DETECTION_MODES = ['enabled', 'warn', 'disabled'] as const;
export type DriftDetectionMode = (typeof DRIFT_DETECTION_MODES)[number];

/** Top-level answers added beside `clusters`. */
export const settingsAnswersShape = {
  defaults: z.strictObject(dnsSettingsShape).optional(),
  monitoring: z
    .strictObject({
      /** on, off or auto. @default on (what earlier versions always wrote) */
      enabled: z.string().optional(),
      dependsOn: z.array(z.string()).optional(),
      labels: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  flux: z
    .strictObject({
      driftDetection: z.string().optional(),
      chartInterval: z.string().optional(),
      schemaComments: z.boolean().optional(),
    })
    .optional(),
};

type ObjectOf<Shape extends z.core.$ZodShape> = z.ZodObject<Shape, z.core.$strict>;

export type SettingsAnswers = z.input<ObjectOf<typeof settingsAnswersShape>>;
export type DnsSettingsAnswers = z.input<ObjectOf<typeof dnsSettingsShape>>;
export type ClusterSettingsAnswers = z.input<ObjectOf<typeof clusterSettingsShape>>;

/** The keys of a cluster's answers that belong to these settings (not name, serviceCidr, ...). */
export const CLUSTER_SETTING_KEYS = Object.keys(clusterSettingsShape) as Array<keyof ClusterSettingsAnswers>;
