export * from './alert-catalogue.js';
