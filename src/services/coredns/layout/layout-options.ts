import { InputError } from '../../../model/index.js';
import { type TypedCoreDnsAnswers } from '../model/coredns-config.js';
import type { TreeReader } from '../../../kit/index.js';
import { applyAdoptedDefaults } from '../adopt/adopted-defaults.js';
import { refuseInvalidYaml } from '../adopt/adopt-plan.js';
import { detectLayout } from '../../../layout/detect-layout.js';
import { findCoreDnsReleases } from './find-coredns-releases.js';
import { LEGACY_LAYOUT_KIND, type LayoutAnswers, type LayoutKind, layoutKindOf } from '../../../model/layout-answers.js';
import { MAX_PARSED_CHARS, type SkippedFiles, repoObjects } from '../../../layout/repo-objects.js';

/** The layout options (camelCase, as parsed). */
export interface LayoutOptions {
  layout?: string | undefined;
  appDir?: string | undefined;
  clustersDir?: string | undefined;
  settingsName?: string | undefined;
  adopt?: boolean | undefined;
}

/**
 * Puts the layout into the answers: the stored or given one, else the one read from the
 * repository; the options over it; with --adopt, the existing release and its values as
 * defaults. Returns lines for the user (what was detected or adopted).
 */
export function applyLayoutOptions(answers: TypedCoreDnsAnswers, options: LayoutOptions, root: string, reader: TreeReader): string[] {
  const said: string[] = [];
  let layout: LayoutAnswers | undefined = answers.layout;
  if (options.layout !== undefined) {
    const kind = layoutKindOf(options.layout);
    if (options.layout === LEGACY_LAYOUT_KIND) said.push(`--layout ${LEGACY_LAYOUT_KIND} is now --layout categories; "${LEGACY_LAYOUT_KIND}" is accepted until the next release`);
    // An unknown name goes on to the model, which names the field and the layouts there are.
    const kept = layout !== undefined && kind !== undefined && layoutKindOf(layout.kind) === kind ? layout : undefined;
    layout = kept ?? { kind: (kind ?? options.layout) as LayoutKind };
  } else if (layout === undefined) {
    const detected = detectLayout(root, reader);
    layout = detected.layout;
    said.push(`Layout: ${detected.layout.kind} (${detected.reason}); --layout categories|apps|infrastructure to choose another`);
  }
  layout = {
    ...layout,
    ...(options.appDir !== undefined ? { appDir: options.appDir } : {}),
    ...(options.clustersDir !== undefined ? { clustersDir: options.clustersDir } : {}),
    ...(options.settingsName !== undefined ? { settingsName: options.settingsName } : {}),
  };
  if (options.adopt && !layout.adopt) {
    const skipped: SkippedFiles = { broken: [], large: [] };
    const releases = findCoreDnsReleases(repoObjects(reader, skipped)).filter((r) => !r.generated);
    if (releases.length === 0) {
      // A release in a file with a YAML error (duplicate keys, too deep) is that error, not "none found".
      for (const file of skipped.broken) if (/kind:\s*HelmRelease/.test(reader.read(file) ?? '')) refuseInvalidYaml(file, reader.read(file));
      const large = skipped.large.find((file) => /kind:\s*HelmRelease/.test(reader.read(file) ?? '') && /coredns/.test(reader.read(file) ?? ''));
      if (large !== undefined) {
        throw new InputError([
          {
            code: 'adopt-release-too-large',
            path: large,
            message: `is ${reader.read(large)!.length} characters; --adopt reads a release file of at most ${MAX_PARSED_CHARS} (a CoreDNS HelmRelease is a few kilobytes)`,
            fix: 'move what makes it large (values of other charts, inline data) into its own file, or run without --adopt',
          },
        ]);
      }
    }
    if (releases.length !== 1) {
      throw new InputError([
        {
          code: releases.length === 0 ? 'adopt-release-missing' : 'adopt-release-ambiguous',
          path: '--adopt',
          message: releases.length === 0 ? 'no HelmRelease of the coredns chart found in this repository' : `${releases.length} CoreDNS HelmReleases found (${releases.map((r) => r.file).join(', ')})`,
          fix: releases.length === 0 ? 'run without --adopt' : 'keep one of them, then run with --adopt again',
        },
      ]);
    }
    const release = releases[0]!;
    layout = { ...layout, adopt: release.file };
    applyAdoptedDefaults(answers, release, reader);
    said.push(`Adopting HelmRelease ${release.namespace}/${release.name} in ${release.file}: its replicas, ClusterIP and chart version are managed, every other value is kept`);
  }
  answers.layout = layout;
  return said;
}
