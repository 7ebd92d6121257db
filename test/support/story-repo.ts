import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import { generatorPath } from './package-paths.js';
import { STORY_ANSWERS_YAML } from './story.js';
import { tempDir } from './tree.js';

/** A temporary folder where platform:coredns ran on the story's answers, with `extraAnswers` (YAML) appended. */
export async function storyRepoByGenerator(extraAnswers = ''): Promise<string> {
  const dir = tempDir();
  writeFileSync(join(dir, 'answers.yaml'), `${STORY_ANSWERS_YAML}${extraAnswers}`);
  await helpers
    .run(generatorPath('coredns'))
    .cd(dir)
    .withOptions({ answers: 'answers.yaml', skipInstall: true } as Record<string, unknown>);
  return dir;
}
