// Entry point Yeoman discovers as platform:coredns; the generator is compiled from src/generators.
export { default } from '../../dist/src/generators/coredns-generator.js';
