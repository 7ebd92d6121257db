// Entry point Yeoman discovers as platform:alert; the generator is compiled from src/generators.
export { default } from '../../dist/src/generators/alert-generator.js';
