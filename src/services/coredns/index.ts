export * from './model/index.js';
export * from './render/index.js';
export * from './layout/index.js';
export * from './alerts/index.js';
export * from './generate-core-dns-repo.js';
export * from './coredns-service.js';
