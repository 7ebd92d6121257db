export * from './disk-tree-reader.js';
export * from './atomic-write.js';
export * from './repo-paths.js';
export * from './repo-files.js';
export * from './repo-lock.js';
export * from './temp-files.js';
export * from './generate-core-dns-repo.js';
export * from './plan-writer.js';
