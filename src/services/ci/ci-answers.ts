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
  // A number when it is one; anything else reaches resolveCiConfig, which names it (ci-shards-invalid).
  if (options.shard !== undefined) answers.shards = shardAnswer(options.shard);
  answers.gitopsPaths ??= detectPaths();
  return answers;
}

/** `--shard`'s text as the answer: the number it spells, else the text (refused by the model). */
export function shardAnswer(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : (text as unknown as number);
}
