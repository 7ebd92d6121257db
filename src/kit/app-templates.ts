import { renderTemplate } from '../render/template-renderer.js';
import { withSchemaComment } from '../render/flux-schema-comments.js';
import { CLUSTERS_DIR } from './folders.js';
import type { PlannedFile } from './planned-file.js';

/** The kit's own templates (templates/kit/): the Flux boilerplate every app shares. */
const KIT_TEMPLATES = 'kit';

/**
 * The template for an output path: the same path under templates/<root>, with `[cluster]` for
 * the cluster's name.
 */
export function templateFor(root: string, outputPath: string, cluster?: string): string {
  const path = cluster ? outputPath.replace(`${CLUSTERS_DIR}/${cluster}/`, `${CLUSTERS_DIR}/[cluster]/`) : outputPath;
  return `${root}/${path}.ejs`;
}

/** Renders the output path from the templates under `root`. */
export function renderAppFile(root: string, outputPath: string, data: object, cluster?: string): string {
  return renderTemplate(templateFor(root, outputPath, cluster), data);
}

/** Renders one of the kit's shared templates (`kustomization.yaml`, `cluster/cluster-settings.yaml`, ...). */
export function renderKitFile(name: string, data: object): string {
  return renderTemplate(`${KIT_TEMPLATES}/${name}.ejs`, data);
}

/** An owned file rendered from the app's templates, with Flux's schema comment when asked. */
export function ownedAppFile(root: string, path: string, data: object, schemaComments: boolean): PlannedFile {
  const contents = renderAppFile(root, path, data);
  return { path, contents: schemaComments ? withSchemaComment(contents) : contents, role: 'owned' };
}
