import type { MeetingBriefing } from '../port.js';
import {
  card,
  escapeMarkdown,
  facts,
  section,
  text,
  type AdaptiveCard,
  type CardElement,
} from './adaptive-card.js';
import { describeRole } from './roles.js';

// Posted in the meeting chat when the meeting starts: today's framework, the roles rotation gave
// (from the session when the panel already made one), the circle's norms, and a link to the panel.

export function buildMeetingStartCard(briefing: MeetingBriefing, panelUrl: string): AdaptiveCard {
  const nameOf = (id: string) =>
    escapeMarkdown(briefing.members.find((m) => m.userId === id)?.displayName ?? 'a guest');
  const roles = Object.entries(briefing.roles ?? {});
  const body: CardElement[] = [
    text(`Today in ${escapeMarkdown(briefing.circleName)}`, { weight: 'Bolder', size: 'Large' }),
    text(
      `${escapeMarkdown(briefing.frameworkName)}, about ${briefing.totalMinutes} min: ` +
        escapeMarkdown(briefing.frameworkSummary),
    ),
    text(briefing.stageNames.map(escapeMarkdown).join(' → '), { isSubtle: true }),
    section('Roles', [
      roles.length === 0
        ? text(briefing.rolesNote ?? 'Roles are set in the panel.', { isSubtle: true })
        : facts(roles.map(([id, role]) => [nameOf(id), describeRole(role)])),
    ]),
    section('Our norms', [
      text(
        briefing.norms.length === 0
          ? '- Speak from your own experience.\n- What is said here stays here.\n- Anyone may pause.'
          : briefing.norms.map((norm) => `- ${escapeMarkdown(norm)}`).join('\n'),
      ),
    ]),
    text('Open the Grow Together panel to follow the stages together.', { isSubtle: true }),
  ];
  return card(body, `Today in ${briefing.circleName}: ${briefing.frameworkName}`, [
    { type: 'Action.OpenUrl', title: 'Open the side panel', url: panelUrl },
  ]);
}
