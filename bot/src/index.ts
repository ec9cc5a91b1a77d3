// The companion bot: framework-free behaviour (companion.ts), pure cards and nudge planning, and
// the one file of botbuilder and teams-ai glue. The api mounts it and implements its port.
export * from './port.js';
export * from './turn.js';
export * from './cards/index.js';
export { parseCommand, type ChatCommand } from './commands.js';
export {
  createCompanion,
  describeError,
  type Companion,
  type CompanionOptions,
  type ScheduledRunReport,
} from './companion.js';
export {
  planNudges,
  listSessionStarts,
  type PlannedNudge,
  type NudgeKind,
} from './nudges/plan-nudges.js';
// The glue loads botbuilder and teams-ai (seconds of start-up), so it is loaded on first use.
export { loadTeamsBot } from './load-teams-bot.js';
export type {
  BotHttpRequest,
  BotHttpResponse,
  TeamsBot,
  TeamsBotOptions,
} from './teams-ai-glue.js';
export { buildPanelDeepLink, PANEL_ENTITY_ID } from './panel-link.js';
