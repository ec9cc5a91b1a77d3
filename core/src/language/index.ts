export * from './model.js';
export * from './tags.js';
