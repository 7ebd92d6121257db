// Entry point Yeoman runs for a bare `yo platform`; the generator is compiled from src/generators.
export { default } from '../../dist/src/generators/app-generator.js';
