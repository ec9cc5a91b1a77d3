export * from './adaptive-card.js';
export { buildFeedbackCard } from './feedback-card.js';
export { buildMeetingStartCard } from './meeting-start-card.js';
export { buildSummaryCard } from './summary-card.js';
