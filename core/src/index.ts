// The public surface of @grow-together/core. Each feature folder exports its own index.
export * from './units.js';
export * from './frameworks/index.js';
export * from './session/index.js';
export * from './roles/index.js';
export * from './airtime/index.js';
export * from './language/index.js';
export * from './transcript/index.js';
export * from './outputs/index.js';
export * from './summary/index.js';
export { renderSummaryMarkdown } from './summary/markdown.js';
