export * from './disk-tree-reader.js';
export * from './atomic-write.js';
export * from './generate-core-dns-repo.js';
export * from './plan-writer.js';
