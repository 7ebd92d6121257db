import { z } from 'zod';

/** Where a repository keeps its apps: the story's tree, home-ops' apps/<ns>/<app>, or flux2-kustomize-helm-example's infrastructure/. */
export const LAYOUT_KINDS = ['story', 'apps', 'infrastructure'] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

// A repository-relative folder: no absolute path, no "..", no YAML or substitution syntax.
const repoDir = z
  .string()
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+$/, 'must be a folder inside the repository (letters, digits, ".", "_", "-", "/"; no "..")')
  .transform((dir) => dir.replace(/^(\.\/)+/, '').replace(/\/+$/, ''));
const objectName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes object name');

/** The layout answers as stored in .yo-rc.json (`layout: {...}`); omitted means the story layout. */
export const layoutAnswersSchema = z.strictObject({
  kind: z.enum(LAYOUT_KINDS),
  appDir: repoDir.optional(),
  clustersDir: repoDir.optional(),
  settingsName: objectName.optional(),
  settingsKind: z.enum(['ConfigMap', 'Secret']).optional(),
  gitRepository: z.strictObject({ name: objectName, namespace: objectName }).optional(),
  /** An existing CoreDNS HelmRelease (file) managed in place instead of writing our own (`--adopt`). */
  adopt: repoDir.optional(),
});

export type LayoutAnswers = z.input<typeof layoutAnswersSchema>;
