export { default as CoreDnsGenerator, type CoreDnsGeneratorOptions } from './coredns-generator.js';
export { default as ClusterGenerator, type ClusterGeneratorOptions } from './cluster-generator.js';
export { default as AlertGenerator, type AlertGeneratorOptions } from './alert-generator.js';
export { default as AppGenerator, describeSubGenerators } from './app-generator.js';
