export * from './option-table.js';
export * from './command-args.js';
