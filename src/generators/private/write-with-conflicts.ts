import type { PlannedFile } from '../../kit/index.js';
import { CORE_DNS_SERVICE, type PlatformService, previousOwnedFiles } from '../../services/index.js';
import { formatChanges, writePlan } from '../../workspace/index.js';
import { yeomanConflictResolver } from './yeoman-conflicts.js';

/** What a generator hands over to write its plan. */
export interface WriteWithConflictsOptions {
  readonly root: string;
  readonly planned: readonly PlannedFile[];
  /** The stored answers before this run: what the generated files looked like. */
  readonly stored: unknown;
  /** The service whose stored answers those are. @default CORE_DNS_SERVICE */
  readonly service?: PlatformService<unknown>;
  readonly force: boolean;
  /** Ask with Yeoman's conflict prompt; otherwise a hand-edited file stops the run. */
  readonly interactive: boolean;
  readonly adapter: unknown;
  readonly log: { writeln(text: string): unknown };
  /** Owned files known not to be hand edits (a recognised chart bump), by path. */
  readonly accepted?: ReadonlyMap<string, string>;
  /** Also list files that stay identical. @default true */
  readonly showIdentical?: boolean;
  /** Print the unified diff of what would change and write nothing. @default false */
  readonly dryRun?: boolean;
}

/**
 * Writes a plan, sending hand-edited generated files to the conflict prompt or stopping the run;
 * on a dry run, prints the diff instead.
 */
export async function writeWithConflicts(options: WriteWithConflictsOptions): Promise<void> {
  const { statuses, changes } = await writePlan(options.planned, {
    root: options.root,
    previous: new Map([...previousOwnedFiles(options.service ?? CORE_DNS_SERVICE, options.stored), ...(options.accepted ?? [])]),
    force: options.force,
    ...(options.interactive && !options.dryRun ? { resolveConflict: yeomanConflictResolver(options.adapter as never, options.root) } : {}),
    ...(options.dryRun ? { dryRun: true, policy: 'keep' as const } : {}),
  });
  if (options.dryRun) {
    options.log.writeln((formatChanges(changes) || 'No file would change.\n').trimEnd());
    return;
  }
  for (const { path, status } of statuses) {
    if (status !== 'identical' || options.showIdentical !== false) options.log.writeln(`${status.padStart(10)} ${path}`);
  }
}
