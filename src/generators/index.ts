export { default as CoreDnsGenerator, type CoreDnsGeneratorOptions } from './coredns-generator.js';
