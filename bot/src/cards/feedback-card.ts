import type { PendingFeedback } from '../port.js';
import { card, escapeMarkdown, text, type AdaptiveCard } from './adaptive-card.js';

/** Private feedback, sent one to one: only its recipient ever sees it. */
export function buildFeedbackCard(feedback: PendingFeedback): AdaptiveCard {
  return card(
    [
      text(`Private feedback from ${escapeMarkdown(feedback.fromDisplayName)}`, {
        weight: 'Bolder',
        size: 'Medium',
      }),
      text(`In ${escapeMarkdown(feedback.circleName)}`, { isSubtle: true, spacing: 'None' }),
      text(escapeMarkdown(feedback.text)),
      text('Only you can see this. It is also in the panel, under feedback to you.', {
        isSubtle: true,
      }),
    ],
    `Private feedback from ${feedback.fromDisplayName}`,
  );
}
