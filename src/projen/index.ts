export * from './core-dns-git-ops.js';
