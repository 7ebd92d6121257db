// Entry point Yeoman discovers as platform:cluster; the generator is compiled from src/generators.
export { default } from '../../dist/src/generators/cluster-generator.js';
