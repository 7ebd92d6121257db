import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import { generatorPath } from './package-paths.js';
import { STORY_ANSWERS_YAML } from './story.js';
import { tempDir } from './tree.js';

/** platform:coredns through yeoman-test in `dir`, on the answers file `dir/answers.yaml` (and `options`). */
export const coreDnsOnAnswersFile = (dir: string, options: Record<string, unknown> = {}) =>
  helpers
    .run(generatorPath('coredns'))
    .cd(dir)
    .withOptions({ answers: 'answers.yaml', skipInstall: true, ...options } as Record<string, unknown>);

/** A temporary folder where platform:coredns ran on the story's answers, with `extraAnswers` (YAML) appended. */
export async function storyRepoByGenerator(extraAnswers = ''): Promise<string> {
  const dir = tempDir();
  writeFileSync(join(dir, 'answers.yaml'), `${STORY_ANSWERS_YAML}${extraAnswers}`);
  await coreDnsOnAnswersFile(dir);
  return dir;
}
