import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CoreDnsAnswers } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';

/** docs/examples/depth-answers.yaml: the brief's three clusters, every new setting used once. */
export function depthAnswers(chartVersion = '1.38.0'): CoreDnsAnswers {
  const answers = parse(readFileSync(join(ROOT, 'docs', 'examples', 'depth-answers.yaml'), 'utf8')) as CoreDnsAnswers;
  return { ...answers, chart: { version: chartVersion, source: 'helm' } };
}
