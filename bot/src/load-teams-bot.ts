import type { TeamsBot, TeamsBotOptions } from './teams-ai-glue.js';

/**
 * Loads the botbuilder and teams-ai glue and makes the bot. Importing those libraries takes a few
 * seconds, so a server (or a test) that never meets the bot never pays for them.
 */
export async function loadTeamsBot(options: TeamsBotOptions): Promise<TeamsBot> {
  const { createTeamsBot } = await import('./teams-ai-glue.js');
  return createTeamsBot(options);
}
