import { type CiAnswers } from './ci-config.js';
import { splitList } from '../../model/index.js';
import type { OptionValues } from '../../options/index.js';
import type { CI_OPTIONS } from './ci-options.js';

/**
 * The CI answers before any prompt: the stored ones (unless --reconfigure) with the options
 * over them; folders default to the ones the repository uses. Shared by the Yeoman generator
 * and the fast non-interactive front door.
 */
export function gatherCiAnswers(options: OptionValues<typeof CI_OPTIONS>, stored: CiAnswers | undefined, detectPaths: () => string[]): CiAnswers {
  const answers: CiAnswers = structuredClone((options.reconfigure ? undefined : stored) ?? {});
  if (options.gitopsPaths !== undefined) answers.gitopsPaths = splitList(options.gitopsPaths);
  if (options.nodeVersion !== undefined) answers.nodeVersion = options.nodeVersion;
  if (options.packageSpec !== undefined) answers.packageSpec = options.packageSpec;
  if (options.renovate !== undefined) answers.renovate = options.renovate;
  answers.gitopsPaths ??= detectPaths();
  return answers;
}
