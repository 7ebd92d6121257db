export * from './option-table.js';
export * from './command-args.js';
export * from './option-prompt.js';
export * from './common-options.js';
