import { join } from 'node:path';
import { packageRoot } from '../../src/private/package-root.js';

export const ROOT = packageRoot();
export const generatorPath = (name: string): string => join(ROOT, 'generators', name, 'index.js');
