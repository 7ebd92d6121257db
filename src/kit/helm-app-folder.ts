import { ownedAppFile, renderKitFile } from './app-templates.js';
import { withSchemaComment } from '../render/flux-schema-comments.js';
import { groupDir } from './folders.js';
import type { PlannedFile } from './planned-file.js';

/** A chart published in a Helm repository (HTTP index). */
export interface HelmChartRef {
  readonly chart: string;
  readonly version: string;
  readonly repositoryUrl: string;
}

/** What a Helm app's folder holds, described once; the kit renders the Flux boilerplate. */
export interface HelmAppFolder {
  /** The folder, the HelmRelease, the HelmRepository and the Flux Kustomization's name. */
  readonly name: string;
  /** The namespace of the HelmRelease and its HelmRepository. */
  readonly namespace: string;
  /** The group folder under kubernetes/infrastructure. */
  readonly group: string;
  readonly chart: HelmChartRef;
  /** The service's templates root: it renders `<group>/<name>/helmrelease.yaml` (the values are its own). */
  readonly templates: string;
  /** Data for the HelmRelease template (the chart is added as `chart`). */
  readonly release: object;
  /** Flux Kustomizations to wait for. @default none */
  readonly dependsOn?: readonly string[];
  /** Source refresh interval. @default '1h' */
  readonly interval?: string;
  /** The yaml-language-server schema comment on Flux objects. @default false */
  readonly schemaComments?: boolean;
}

/**
 * The owned files of a Helm app's folder: the service's HelmRelease, and the kit's HelmRepository,
 * kustomization.yaml and Flux Kustomization (ks.yaml, substituting from cluster-settings).
 */
export function helmAppFolderFiles(app: HelmAppFolder): PlannedFile[] {
  const dir = `${groupDir(app.group)}/${app.name}`;
  const comments = app.schemaComments ?? false;
  const kit = (file: string, data: object): PlannedFile => {
    const path = `${dir}/${file}`;
    const contents = renderKitFile(`app/${file}`, data);
    return { path, contents: comments ? withSchemaComment(contents) : contents, role: 'owned' };
  };
  return [
    ownedAppFile(app.templates, `${dir}/helmrelease.yaml`, { ...app.release, chart: app.chart }, comments),
    kit('helmrepository.yaml', { name: app.name, namespace: app.namespace, url: app.chart.repositoryUrl, interval: app.interval ?? '1h' }),
    { path: `${dir}/kustomization.yaml`, contents: renderKitFile('kustomization.yaml', { resources: ['helmrelease.yaml', 'helmrepository.yaml'] }), role: 'owned' },
    kit('ks.yaml', { name: app.name, path: `./${dir}`, dependsOn: app.dependsOn ?? [] }),
  ];
}
