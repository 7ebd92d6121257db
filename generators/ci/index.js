// Entry point Yeoman discovers as platform:ci; the generator is compiled from src/generators.
export { default } from '../../dist/src/generators/ci-generator.js';
