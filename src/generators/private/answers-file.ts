import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../../model/index.js';

/** Reads an answers file (YAML or JSON: JSON is YAML). Errors name the file and the fix. */
export function readAnswersFile(file: string): unknown {
  if (!existsSync(file)) {
    throw new InputError([{ path: '--answers', message: `file ${file} does not exist`, fix: 'pass the path of a YAML or JSON answers file' }]);
  }
  try {
    return parse(readFileSync(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0];
    throw new InputError([{ path: '--answers', message: `${file} is not valid YAML or JSON: ${detail}`, fix: 'fix the syntax; see docs/coredns.md for the format' }]);
  }
}
