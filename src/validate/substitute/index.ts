export * from './expand-variables.js';
export * from './substitute-resource.js';
export * from './substitution-error.js';
export { VARIABLE_NAME } from './variable-name.js';
export { MAX_OUTPUT_BYTES } from './output-budget.js';
