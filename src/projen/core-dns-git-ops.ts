import { join } from 'node:path';
import { Component, type Project } from 'projen';
import {
  type ClusterAnswers,
  type CoreDnsAnswers,
  type CoreDnsConfig,
  type CustomRuleAnswers,
  resolveCoreDnsConfig,
} from '../model/index.js';
import { COREDNS_DIR, planCoreDns, planCoreDnsDirectory } from '../render/index.js';
import { DiskTreeReader, writeFileAtomic } from '../workspace/index.js';
import { OwnedYamlFile } from './private/owned-yaml-file.js';

/**
 * Options of {@link CoreDnsGitOps}: the same model as the answers file of `yo platform:coredns`.
 */
export interface CoreDnsGitOpsOptions {
  /** The clusters, each with its Service CIDR. */
  readonly clusters: readonly ClusterAnswers[];
  /**
   * Chart version and source (`helm` = HelmRepository, `oci` = OCIRepository + chartRef).
   * @default { version: '1.38.0', source: 'oci' where that version is on OCI, else 'helm' }
   */
  readonly chart?: CoreDnsAnswers['chart'];
  /**
   * Flux Kustomizations CoreDNS waits for.
   * @default ['cilium-core']
   */
  readonly dependsOn?: readonly string[];
  /**
   * Extra labels on the chart's ServiceMonitor, for your Prometheus' serviceMonitorSelector.
   * @default {}
   */
  readonly serviceMonitorLabels?: Readonly<Record<string, string>>;
  /**
   * Alert tuning and extra rules (catalogue presets or custom PromQL).
   * @default the story's four alerts with their default thresholds
   */
  readonly alerts?: CoreDnsAnswers['alerts'];
}

/**
 * The CoreDNS GitOps setup as a projen component: `npx projen` writes the same tree as
 * `yo platform:coredns` for the same input. Files under the CoreDNS directory are projen's
 * (read-only, with its marker); cluster-settings.yaml and the parent kustomization.yaml files
 * are merged into what is there, so hand-kept keys survive every synth; a cluster's
 * infrastructure.yaml is written only when the cluster has no such entry point.
 */
export class CoreDnsGitOps extends Component {
  private readonly answers: CoreDnsAnswers;

  constructor(project: Project, options: CoreDnsGitOpsOptions) {
    super(project);
    this.answers = {
      clusters: options.clusters.map((cluster) => ({ ...cluster })),
      ...(options.chart ? { chart: { ...options.chart } } : {}),
      ...(options.dependsOn ? { dependsOn: [...options.dependsOn] } : {}),
      ...(options.serviceMonitorLabels ? { serviceMonitorLabels: { ...options.serviceMonitorLabels } } : {}),
      ...(options.alerts ? { alerts: structuredClone(options.alerts) } : {}),
    };
    // Fail at construction, naming the field, before projen writes anything.
    const config = this.config();
    for (const file of planCoreDnsDirectory(config)) {
      new OwnedYamlFile(project, file.path, () => this.ownedContents(file.path));
    }
  }

  /** Adds a cluster (one line in .projenrc.ts): its settings and entry point appear on the next synth. */
  public addCluster(cluster: ClusterAnswers): void {
    this.answers.clusters.push({ ...cluster });
    this.config();
  }

  /** Adds an alert rule: a catalogue preset (`{ preset: 'panics' }`) or a custom rule. */
  public addAlert(rule: CustomRuleAnswers): void {
    const alerts = { ...this.answers.alerts, rules: [...(this.answers.alerts?.rules ?? []), { ...rule }] };
    (this.answers as { alerts?: CoreDnsAnswers['alerts'] }).alerts = alerts;
    this.config();
  }

  /** Merged and create-only files: written after projen's own files, only where bytes change. */
  public postSynthesize(): void {
    const outdir = this.project.outdir;
    const reader = new DiskTreeReader(outdir);
    for (const file of planCoreDns(this.config(), reader).files) {
      if (file.role === 'owned') continue;
      if (reader.read(file.path) === file.contents) continue;
      writeFileAtomic(join(outdir, file.path), file.contents);
    }
  }

  // Validated on every change, so a bad addCluster() fails where it is called.
  private config(): CoreDnsConfig {
    return resolveCoreDnsConfig(this.answers);
  }

  private ownedContents(path: string): string {
    const file = planCoreDnsDirectory(this.config()).find((planned) => planned.path === path);
    if (!file) throw new Error(`${path} is no longer part of the CoreDNS directory (${COREDNS_DIR})`);
    return file.contents;
  }
}
