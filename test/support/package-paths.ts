import { join } from 'node:path';
import { packageRoot } from '../../src/private/package-root.js';

export const ROOT = packageRoot();
export const generatorPath = (name: string): string => join(ROOT, 'generators', name, 'index.js');
/** The shared reference folder beside the project (present on developer machines and in CI). */
export const SHARED_REFERENCE = join(ROOT, '..', 'shared', 'reference');
