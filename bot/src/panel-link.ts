// The link in the meeting start card that opens the side panel. With the Teams app's id it is a
// Teams deep link to the app's tab in this meeting chat; without one (local runs) it is the panel
// at the public URL.

/** The entity id the configuration page gives the side panel tab when it saves. */
export const PANEL_ENTITY_ID = 'grow-together-panel';

export function buildPanelDeepLink(options: {
  readonly teamsAppId: string | null;
  readonly publicUrl: string;
  readonly chatId: string;
}): string {
  if (options.teamsAppId === null) return `${options.publicUrl.replace(/\/$/, '')}/`;
  const context = JSON.stringify({ chatId: options.chatId, contextType: 'chat' });
  return (
    `https://teams.microsoft.com/l/entity/${encodeURIComponent(options.teamsAppId)}/` +
    `${PANEL_ENTITY_ID}?context=${encodeURIComponent(context)}`
  );
}
