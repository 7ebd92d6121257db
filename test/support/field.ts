import { fieldAt } from '../../src/validate/objects/index.js';

/** The value at a dotted path of a rendered object (`field(o, 'spec.acme.server')`); undefined where a step is missing, so the assertion fails. */
export const field = (value: unknown, path: string): unknown => fieldAt(value, ...path.split('.'));
