import { z } from 'zod';

/**
 * Where a repository keeps its apps: kubernetes/infrastructure/<category>/<app> with an entry per
 * cluster in kubernetes/clusters/<cluster> (categories), home-ops' apps/<ns>/<app>, or
 * flux2-kustomize-helm-example's infrastructure/.
 */
export const LAYOUT_KINDS = ['categories', 'apps', 'infrastructure'] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

/**
 * The categories layout's old name (after the planning document it came from). Accepted as
 * `--layout story` and in .yo-rc.json for one release, then removed (docs/coredns.md, "Layouts").
 */
export const LEGACY_LAYOUT_KIND = 'story';

/** The layout kind a name stands for (the legacy name included); undefined for none. */
export function layoutKindOf(name: string | undefined): LayoutKind | undefined {
  if (name === LEGACY_LAYOUT_KIND) return 'categories';
  return (LAYOUT_KINDS as readonly string[]).includes(name ?? '') ? (name as LayoutKind) : undefined;
}

// A repository-relative folder: no absolute path, no "..", no YAML or substitution syntax.
const repoDir = z
  .string()
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+$/, 'must be a folder inside the repository (letters, digits, ".", "_", "-", "/"; no "..")')
  .transform((dir) => dir.replace(/^(\.\/)+/, '').replace(/\/+$/, ''));
const objectName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes object name');

/** The layout answers as stored in .yo-rc.json (`layout: {...}`); omitted means the categories layout. */
export const layoutAnswersSchema = z.strictObject({
  kind: z.enum([...LAYOUT_KINDS, LEGACY_LAYOUT_KIND]).transform((kind) => layoutKindOf(kind)!),
  appDir: repoDir.optional(),
  clustersDir: repoDir.optional(),
  settingsName: objectName.optional(),
  settingsKind: z.enum(['ConfigMap', 'Secret']).optional(),
  gitRepository: z.strictObject({ name: objectName, namespace: objectName }).optional(),
  /** An existing CoreDNS HelmRelease (file) managed in place instead of writing our own (`--adopt`). */
  adopt: repoDir.optional(),
});

export type LayoutAnswers = z.input<typeof layoutAnswersSchema>;
