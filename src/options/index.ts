export * from './option-table.js';
